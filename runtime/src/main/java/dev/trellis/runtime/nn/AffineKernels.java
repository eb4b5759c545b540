package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    record WeightCopies(Tensor weight, Tensor input, double[] values, double[] transposed,
            MatrixKernels.@Nullable FixedRight pinnedTransposed, MatrixKernels.@Nullable FixedRight pinnedValues,
            AtomicInteger rowsSeen) {

        /**
         * Products of at most this many rows take the weight from native memory (with OpenBLAS): below it, copying
         * the whole weight in and out of every call costs more than the product.
         */
        static final int PINNED_ROWS = 64;

        /** Copies for one call: the products take {@code weight} itself. */
        static WeightCopies of(Tensor weight) {
            double[] values = weight.toArray();
            return new WeightCopies(weight, weight, values, MatrixKernels.transpose(values, weight.size(0),
                    weight.size(1)), null, null, new AtomicInteger());
        }

        /**
         * Copies for many calls (a layer's, kept while its weight stays the same tensor): the products take the
         * weight through a {@link StackedWeightGradient#gateway}, so that the weight's gradient over all the calls
         * of a backward pass is one product, and calls on a few rows read the weight from native memory, copied
         * there once. The native copies are freed when these copies are collected.
         */
        static WeightCopies forCalls(Tensor weight) {
            int out = weight.size(0);
            int in = weight.size(1);
            double[] values = weight.toArray();
            double[] transposed = MatrixKernels.transpose(values, out, in);
            boolean pin = MatrixKernels.usesNativeBlas();
            return new WeightCopies(weight, StackedWeightGradient.gateway(weight), values, transposed,
                    pin ? new MatrixKernels.FixedRight(transposed, in, out, PINNED_ROWS) : null,
                    pin ? new MatrixKernels.FixedRight(values, out, in, PINNED_ROWS) : null, new AtomicInteger());
        }

        /** {@return these copies if they are of {@code current} (the same tensor), else new ones for many calls} */
        WeightCopies refreshedFor(Tensor current) {
            return current == weight ? this : forCalls(current);
        }

        /** {@return whether the products' weight input is a gateway that takes recorded rows} */
        boolean stacksGradient() {
            return input != weight;
        }

        /** {@code y[rows, out] += x[rows, in] W^T}. */
        void forward(int rows, double[] x, double[] y) {
            multAdd(pinnedTransposed, rows, weight.size(1), weight.size(0), x, transposed, y);
        }

        /** {@code dx[rows, in] += g[rows, out] W}. */
        void backward(int rows, double[] g, double[] dx) {
            multAdd(pinnedValues, rows, weight.size(0), weight.size(1), g, values, dx);
        }

        private static void multAdd(MatrixKernels.@Nullable FixedRight pinned, int rows, int k, int n, double[] a,
                double[] b, double[] c) {
            if (pinned != null && rows <= PINNED_ROWS) {
                synchronized (pinned) {   // its native scratch serves one product at a time
                    pinned.multAddTo(rows, a, c);
                }
            } else {
                MatrixKernels.multAdd(rows, k, n, a, b, c);
            }
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
        int rowsSoFar = copies.rowsSeen().addAndGet(rows);   // bounds the rows a backward pass records up to here
        double[] x = input.toArray();
        double[] b = bias == null ? null : bias.toArray();
        double[] y = new double[rows * out];
        copies.forward(rows, x, y);
        if (b != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += b[j];
                }
            }
        }
        int[] outShape = inShape.clone();
        outShape[outShape.length - 1] = out;
        List<Tensor> inputs = new ArrayList<>(List.of(input, copies.input()));
        boolean stacked = copies.stacksGradient();
        if (bias != null) {
            inputs.add(bias);
        }
        return Tensor.withBackward(Tensor.of(y, outShape), "linear", inputs, (g, adjoints) -> {
            if (adjoints[0] != null) {
                copies.backward(rows, g, adjoints[0]);
            }
            if (adjoints[1] != null) {
                if (stacked) {
                    StackedWeightGradient.record(adjoints[1], rows, out, in, g, x, rowsSoFar);
                } else {
                    MatrixKernels.multAddTransA(out, rows, in, g, x, adjoints[1]);
                }
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
