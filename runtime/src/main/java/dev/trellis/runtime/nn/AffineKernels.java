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
     * recurrent model's per-step layers) keeps the last one and copies the weight once, not at every call. {@code
     * finite} tells whether every entry of the weight is finite: only then may the backward pass skip adjoint rows
     * of zeros ({@link LiveRows}), whose products with an infinite entry would be NaN.
     */
    record WeightCopies(Tensor weight, Tensor input, double[] values, double[] transposed,
            @Nullable PinnedWeight pinned, AtomicInteger rowsSeen, boolean finite) {

        /**
         * Products of at most this many rows take the weight from native memory (with OpenBLAS), and their weight
         * gradients are stacked: below it, reading and writing the whole weight at every call costs more than the
         * product.
         */
        static final int FEW_ROWS = 64;

        /** Copies for one call: the products take {@code weight} itself. */
        static WeightCopies of(Tensor weight) {
            double[] values = weight.valuesWithoutCopy();
            return new WeightCopies(weight, weight, values, MatrixKernels.transpose(values, weight.size(0),
                    weight.size(1)), null, new AtomicInteger(), LiveRows.isFinite(values, 0, values.length));
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
            double[] values = weight.valuesWithoutCopy();
            double[] transposed = MatrixKernels.transpose(values, out, in);
            return new WeightCopies(weight, StackedWeightGradient.gateway(weight), values, transposed,
                    MatrixKernels.usesNativeBlas() ? new PinnedWeight(values, transposed, out, in) : null,
                    new AtomicInteger(), LiveRows.isFinite(values, 0, values.length));
        }

        /** {@return these copies if they are of {@code current} (the same tensor), else new ones for many calls} */
        WeightCopies refreshedFor(Tensor current) {
            return current == weight ? this : forCalls(current);
        }

        /** {@return whether a call of this many rows records its weight gradient at the gateway} */
        boolean stacksGradient(int rows) {
            return input != weight && rows <= FEW_ROWS;
        }

        /** {@code y[rows, out] = x[rows, in] W^T}, {@code y} zeros before. */
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
            forward.multInto(rows, x, y);   // y is zeros: no need to copy it in
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
        return affine(layer, input, copies, bias, false);
    }

    /**
     * The affine map, followed by {@code relu} when {@code relu} is set, as one node: the activation is applied to the
     * output in place and its slope ({@code 1} above 0, {@code 0} at or below, NaN for NaN, read off the output,
     * which is positive, zero or NaN exactly where the affine map's value is) multiplies the adjoint before the
     * products, as the two nodes' backward passes would (the {@code + 0.0} gives the composition's {@code 0 + g s} in
     * the linear node's fresh buffer, to the sign of zero).
     */
    static Tensor affine(String layer, Tensor input, WeightCopies copies, @Nullable Tensor bias, boolean relu) {
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
        if (relu) {
            for (int i = 0; i < y.length; i++) {
                // max(-0.0, 0.0) is 0.0 and NaN stays NaN; without a branch (mispredicted on signs that vary, at a
                // few times the cost) the loop is vectorised
                y[i] = Math.max(y[i], 0.0);
            }
        }
        int[] outShape = inShape.clone();
        outShape[outShape.length - 1] = out;
        List<Tensor> inputs = new ArrayList<>(List.of(input, copies.input()));
        boolean stacked = copies.stacksGradient(rows);
        if (bias != null) {
            inputs.add(bias);
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, outShape), relu ? "linearRelu" : "linear", inputs,
                (adjoint, adjoints) -> {
            double[] g = relu ? reluSlopesTimes(adjoint, y) : adjoint;
            // only the rows that carry a gradient (null: all), stacked; the input's gradient scattered back to them
            int[] live = copies.finite() ? LiveRows.of(g, rows, out, x, in) : null;
            int n = live == null ? rows : live.length;
            if (n == 0) {
                return;   // a zero adjoint: nothing flows back
            }
            double[] liveG = live == null ? g : LiveRows.gather(g, live, out);
            if (adjoints[0] != null) {
                if (live == null) {
                    copies.backward(rows, g, adjoints[0]);
                } else {
                    double[] liveDx = new double[n * in];
                    copies.backward(n, liveG, liveDx);
                    LiveRows.scatterAdd(liveDx, live, in, adjoints[0]);
                }
            }
            if (adjoints[1] != null && stacked) {
                if (live == null) {
                    StackedWeightGradient.record(adjoints[1], rows, out, in, g, x, rowsSoFar);
                } else {
                    StackedWeightGradient.record(adjoints[1], live, out, in, g, x, rowsSoFar);
                }
            } else if (adjoints[1] != null) {
                MatrixKernels.multAddTransA(out, n, in, liveG, live == null ? x : LiveRows.gather(x, live, in),
                        adjoints[1]);
            }
            if (adjoints.length > 2 && adjoints[2] != null) {
                addColumnSums(liveG, n, out, adjoints[2]);
            }
        });
    }

    /** {@code 0 + g[i] * relu'} for the outputs {@code y} of a relu, in a new array. */
    private static double[] reluSlopesTimes(double[] g, double[] y) {
        double[] product = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            product[i] = g[i] * ActivationKernels.reluSlope(y[i]) + 0.0;
        }
        return product;
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
