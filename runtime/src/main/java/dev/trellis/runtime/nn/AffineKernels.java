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
            @Nullable PinnedWeight pinned, AtomicInteger rowsSeen) {

        /**
         * Products of at most this many rows take the weight from native memory (with OpenBLAS), and their weight
         * gradients are stacked: below it, reading and writing the whole weight at every call costs more than the
         * product.
         */
        static final int FEW_ROWS = 64;

        /** Copies for one call: the products take {@code weight} itself. */
        static WeightCopies of(Tensor weight) {
            double[] values = weight.toArray();
            return new WeightCopies(weight, weight, values, MatrixKernels.transpose(values, weight.size(0),
                    weight.size(1)), null, new AtomicInteger());
        }

        /**
         * Copies for many calls (a layer's, kept while its weight stays the same tensor): the products take the
         * weight through a {@link StackedWeightGradient#gateway}, so that the weight's gradient over all the
         * few-row calls of a backward pass is one product, and few-row calls read the weight from native memory,
         * copied there once.
         */
        static WeightCopies forCalls(Tensor weight) {
            int out = weight.size(0);
            int in = weight.size(1);
            double[] values = weight.toArray();
            double[] transposed = MatrixKernels.transpose(values, out, in);
            return new WeightCopies(weight, StackedWeightGradient.gateway(weight), values, transposed,
                    MatrixKernels.usesNativeBlas() ? new PinnedWeight(values, transposed, out, in) : null,
                    new AtomicInteger());
        }

        /** {@return these copies if they are of {@code current} (the same tensor), else new ones for many calls} */
        WeightCopies refreshedFor(Tensor current) {
            return current == weight ? this : forCalls(current);
        }

        /** {@return whether a call of this many rows records its weight gradient at the gateway} */
        boolean stacksGradient(int rows) {
            return input != weight && rows <= FEW_ROWS;
        }

        /** {@code y[rows, out] += x[rows, in] W^T}. */
        void forward(int rows, double[] x, double[] y) {
            if (pinned != null && rows <= FEW_ROWS) {
                pinned.forward(rows, x, y);
            } else {
                MatrixKernels.multAdd(rows, weight.size(1), weight.size(0), x, transposed, y);
            }
        }

        /** {@code dx[rows, in] += g[rows, out] W}. */
        void backward(int rows, double[] g, double[] dx) {
            if (pinned != null && rows <= FEW_ROWS) {
                pinned.backward(rows, g, dx);
            } else {
                MatrixKernels.multAdd(rows, weight.size(0), weight.size(1), g, values, dx);
            }
        }
    }

    /**
     * A weight and its transpose in native memory for products of few rows, made on the first such product (a layer
     * called only on large batches never makes them) and freed when collected. Its native scratch serves one product
     * at a time, hence the locks.
     */
    static final class PinnedWeight {
        private final double[] values;
        private final double[] transposed;
        private final int out;
        private final int in;
        private MatrixKernels.@Nullable FixedRight forward;
        private MatrixKernels.@Nullable FixedRight backward;

        PinnedWeight(double[] values, double[] transposed, int out, int in) {
            this.values = values;
            this.transposed = transposed;
            this.out = out;
            this.in = in;
        }

        synchronized void forward(int rows, double[] x, double[] y) {
            if (forward == null) {
                forward = new MatrixKernels.FixedRight(transposed, in, out, WeightCopies.FEW_ROWS);
            }
            forward.multAddTo(rows, x, y);
        }

        synchronized void backward(int rows, double[] g, double[] dx) {
            if (backward == null) {
                backward = new MatrixKernels.FixedRight(values, out, in, WeightCopies.FEW_ROWS);
            }
            backward.multAddTo(rows, g, dx);
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
        double[] x = input.valuesWithoutCopy();   // read only, here and in the backward pass (tensors are immutable)
        double[] b = bias == null ? null : bias.valuesWithoutCopy();
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
        boolean stacked = copies.stacksGradient(rows);
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
