package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jspecify.annotations.Nullable;

/**
 * A one-dimensional convolution over a whole batch as one EJML product and one autodiff node. The input's windows
 * become the columns of one matrix ({@code columns[c K + k, n L_out + i] = xpad[n, c, i stride + k dilation]}), so
 * that {@code W [C_out, C_in K] x columns} is every output at once. Backward: {@code dW = G columns^T},
 * {@code db = row sums of G}, and {@code W^T G} scattered back onto the input positions it was gathered from.
 */
final class ConvolutionKernel {

    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int length;
    private final int outLength;
    private final int stride;
    private final int padding;
    private final int dilation;

    ConvolutionKernel(int batch, int inChannels, int outChannels, int kernelSize, int length, int outLength,
            int stride, int padding, int dilation) {
        this.batch = batch;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.length = length;
        this.outLength = outLength;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    /** {@return the convolution of {@code input [N, C_in, L]}: {@code [N, C_out, L_out]}} */
    Tensor run(Tensor input, Tensor weight, @Nullable Tensor bias) {
        double[] x = input.valuesWithoutCopy();   // read only, here and in the backward pass
        double[] w = weight.valuesWithoutCopy();
        double[] b = bias == null ? null : bias.valuesWithoutCopy();
        int taps = inChannels * kernelSize;
        int windows = batch * outLength;
        double[] columns = gather(x);
        double[] product = new double[outChannels * windows];
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(outChannels, taps, w), DMatrixRMaj.wrap(taps, windows, columns),
                DMatrixRMaj.wrap(outChannels, windows, product));
        double[] out = new double[batch * outChannels * outLength];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                double shift = b == null ? 0 : b[o];
                int from = o * windows + n * outLength;
                int to = (n * outChannels + o) * outLength;
                for (int i = 0; i < outLength; i++) {
                    out[to + i] = product[from + i] + shift;
                }
            }
        }
        Tensor value = Tensor.ofWithoutCopy(out, batch, outChannels, outLength);
        return Tensor.withBackward(value, "conv1d", bias == null ? List.of(input, weight) : List.of(input, weight, bias), (g, adjoints) -> {
            double[] upstream = new double[outChannels * windows];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < outChannels; o++) {
                    System.arraycopy(g, (n * outChannels + o) * outLength, upstream, o * windows + n * outLength,
                            outLength);
                }
            }
            DMatrixRMaj gradient = DMatrixRMaj.wrap(outChannels, windows, upstream);
            if (adjoints[0] != null) {
                double[] dColumns = new double[taps * windows];
                CommonOps_DDRM.multTransA(DMatrixRMaj.wrap(outChannels, taps, w), gradient,
                        DMatrixRMaj.wrap(taps, windows, dColumns));
                scatter(dColumns, adjoints[0]);
            }
            if (adjoints[1] != null) {
                CommonOps_DDRM.multAddTransB(gradient, DMatrixRMaj.wrap(taps, windows, columns),
                        DMatrixRMaj.wrap(outChannels, taps, adjoints[1]));
            }
            if (adjoints.length > 2 && adjoints[2] != null) {
                for (int o = 0; o < outChannels; o++) {
                    double sum = 0;
                    for (int k = 0; k < windows; k++) {
                        sum += upstream[o * windows + k];
                    }
                    adjoints[2][o] += sum;
                }
            }
        });
    }

    /** The windows of {@code x} as columns; positions in the padding are 0. */
    private double[] gather(double[] x) {
        int windows = batch * outLength;
        double[] columns = new double[inChannels * kernelSize * windows];
        for (int c = 0; c < inChannels; c++) {
            for (int k = 0; k < kernelSize; k++) {
                int rowOffset = (c * kernelSize + k) * windows;
                for (int n = 0; n < batch; n++) {
                    int source = (n * inChannels + c) * length;
                    for (int i = 0; i < outLength; i++) {
                        int position = i * stride + k * dilation - padding;
                        if (position >= 0 && position < length) {
                            columns[rowOffset + n * outLength + i] = x[source + position];
                        }
                    }
                }
            }
        }
        return columns;
    }

    /** Adds each column entry's adjoint to the input position it was gathered from (the transpose of gather). */
    private void scatter(double[] dColumns, double[] dx) {
        int windows = batch * outLength;
        for (int c = 0; c < inChannels; c++) {
            for (int k = 0; k < kernelSize; k++) {
                int rowOffset = (c * kernelSize + k) * windows;
                for (int n = 0; n < batch; n++) {
                    int target = (n * inChannels + c) * length;
                    for (int i = 0; i < outLength; i++) {
                        int position = i * stride + k * dilation - padding;
                        if (position >= 0 && position < length) {
                            dx[target + position] += dColumns[rowOffset + n * outLength + i];
                        }
                    }
                }
            }
        }
    }
}
