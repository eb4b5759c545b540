package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jspecify.annotations.Nullable;

/**
 * {@code y = x W^T + b} over a whole batch as one autodiff operation, on EJML: the batch's rows form one matrix, so a
 * batch of any size is one matrix product forward and two backward ({@code dx = g W}, {@code dW = g^T x},
 * {@code db = column sums of g}).
 */
final class AffineKernels {

    private AffineKernels() {
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
        int[] inShape = input.shape();
        int out = weight.size(0);
        int in = weight.size(1);
        if (inShape.length == 0 || inShape[inShape.length - 1] != in) {
            throw new IllegalArgumentException(layer + ": input of shape " + Arrays.toString(inShape)
                    + " does not end in the layer's " + in + " input features");
        }
        int rows = input.numElements() / in;
        double[] x = input.toArray();
        double[] w = weight.toArray();
        double[] b = bias == null ? null : bias.toArray();
        double[] y = new double[rows * out];
        CommonOps_DDRM.multTransB(DMatrixRMaj.wrap(rows, in, x), DMatrixRMaj.wrap(out, in, w),
                DMatrixRMaj.wrap(rows, out, y));
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
            DMatrixRMaj upstream = DMatrixRMaj.wrap(rows, out, g);
            if (adjoints[0] != null) {
                CommonOps_DDRM.multAdd(upstream, DMatrixRMaj.wrap(out, in, w), DMatrixRMaj.wrap(rows, in, adjoints[0]));
            }
            if (adjoints[1] != null) {
                CommonOps_DDRM.multAddTransA(upstream, DMatrixRMaj.wrap(rows, in, x),
                        DMatrixRMaj.wrap(out, in, adjoints[1]));
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
