package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code y = x W^T + b} over a whole batch as one autodiff operation, on {@link MatrixKernels}: the batch's rows form one
 * matrix, so a batch of any size is one matrix product forward and two backward ({@code dx = g W}, {@code dW = g^T x},
 * {@code db = column sums of g}).
 */
final class AffineKernels {

    private AffineKernels() {
    }

    /**
     * A weight's entries as the products read them: {@code [out, in]} for the input's gradient and transposed,
     * {@code [in, out]}, for the forward product. A layer called on many small batches with the same weight (a
     * recurrent model's per-step layers) keeps the last one and copies the weight once, not at every call.
     */
    record WeightCopies(Tensor weight, double[] values, double[] transposed) {

        static WeightCopies of(Tensor weight) {
            double[] values = weight.toArray();
            return new WeightCopies(weight, values, MatrixKernels.transpose(values, weight.size(0), weight.size(1)));
        }

        /** {@return these copies if they are of {@code current} (the same tensor), else new ones} */
        WeightCopies refreshedFor(Tensor current) {
            return current == weight ? this : of(current);
        }
    }

    /**
     * Applies the affine map to the last dimension of {@code input}.
     *
     * @param layer a name for messages
     * @param input {@code [..., in]}
     * @param weight {@code [out, in]}
     * @param bias {@code [out]}, or null for none
     * @return {@code [..., out]}
     */
    static Tensor affine(String layer, Tensor input, Tensor weight, @Nullable Tensor bias) {
        return affine(layer, input, WeightCopies.of(weight), bias);
    }

    /** {@link #affine(String, Tensor, Tensor, Tensor)} with the weight's copies already made. */
    static Tensor affine(String layer, Tensor input, WeightCopies copies, @Nullable Tensor bias) {
        Tensor weight = copies.weight();
        int[] inShape = input.shape();
        int out = weight.size(0);
        int in = weight.size(1);
        if (inShape.length == 0 || inShape[inShape.length - 1] != in) {
            throw new IllegalArgumentException(layer + ": input of shape " + Arrays.toString(inShape)
                    + " does not end in the layer's " + in + " input features");
        }
        int rows = input.numElements() / in;
        double[] x = input.toArray();
        double[] w = copies.values();
        double[] b = bias == null ? null : bias.toArray();
        double[] y = new double[rows * out];
        MatrixKernels.multAdd(rows, in, out, x, copies.transposed(), y);
        if (b != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += b[j];
                }
            }
        }
        int[] outShape = inShape.clone();
        outShape[outShape.length - 1] = out;
        List<Tensor> inputs = new ArrayList<>(List.of(input, weight));
        if (bias != null) {
            inputs.add(bias);
        }
        return Tensor.withBackward(Tensor.of(y, outShape), "linear", inputs, (g, adjoints) -> {
            if (adjoints[0] != null) {
                MatrixKernels.multAdd(rows, out, in, g, w, adjoints[0]);
            }
            if (adjoints[1] != null) {
                MatrixKernels.multAddTransA(out, rows, in, g, x, adjoints[1]);
            }
            if (adjoints.length > 2 && adjoints[2] != null) {
                addColumnSums(g, rows, out, adjoints[2]);
            }
        });
    }

    /** {@code target[j] += sum_r values[r * cols + j]}. */
    static void addColumnSums(double[] values, int rows, int cols, double[] target) {
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int j = 0; j < cols; j++) {
                target[j] += values[offset + j];
            }
        }
    }
}
