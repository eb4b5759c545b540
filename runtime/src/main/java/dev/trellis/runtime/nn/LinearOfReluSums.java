package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.jspecify.annotations.Nullable;

/**
 * {@code linear(relu(input + rows[k]))} for every row {@code k} ({@link Linear#forwardOfReluSums}), as one autodiff
 * node computed a block of hidden rows at a time: the hidden layer, {@code k} times the input's size, is never stored.
 *
 * <p>Stored, the nnHMM's hidden layer ({@code 16 x 265} rows of 48) is 1.6 MB written by the relu, read by the
 * product, read again for the relu's slopes and by the weight's gradient, beside a gradient as large: on one core these
 * passes over memory cost more than the arithmetic. Here each block of rows (as many as fit {@link
 * StagedProducts#BLOCK_DOUBLES} with the output's columns) is formed in a small array that stays in the cache,
 * multiplied, and formed again in the backward pass, where its slopes, the inputs' gradients and the weight's gradient
 * are taken from it at once. Values are those of {@code linear.forward(Relu.ofSums(input, rows))} to the bit where
 * OpenBLAS's products are; gradients are summed block after block.
 */
final class LinearOfReluSums {

    private LinearOfReluSums() {
    }

    /**
     * @param layer a name for messages
     * @param input {@code [..., d]} with {@code m} rows
     * @param rows {@code [count, d]}
     * @param weight {@code [out, d]}
     * @param bias {@code [out]}, or null
     * @return {@code [count m, out]}: row {@code k m + i} from the input's row {@code i} and {@code rows[k]}
     */
    static Tensor apply(String layer, Tensor input, Tensor rows, Tensor weight, @Nullable Tensor bias) {
        int[] shape = input.shape();
        int d = weight.size(1);
        int out = weight.size(0);
        if (shape.length == 0 || shape[shape.length - 1] != d || rows.rank() != 2 || rows.size(1) != d) {
            throw new IllegalArgumentException(layer + ": relu of sums of the input of shape " + Arrays.toString(shape)
                    + " and the rows of shape " + Arrays.toString(rows.shape()) + " is not [..., " + d
                    + "] and [k, " + d + "], the layer's input features");
        }
        Blocks blocks = new Blocks(input.valuesWithoutCopy(), rows.valuesWithoutCopy(), rows.size(0), d, out,
                weight.valuesWithoutCopy());
        double[] b = bias == null ? null : bias.valuesWithoutCopy();
        double[] y = blocks.forward(b);
        List<Tensor> inputs = new ArrayList<>(List.of(input, rows, weight));
        if (bias != null) {
            inputs.add(bias);
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, blocks.total, out), "linearOfReluSums", inputs,
                (g, adjoints) -> {
            blocks.backward(g, adjoints[0], adjoints[1], adjoints[2]);
            if (adjoints.length > 3 && adjoints[3] != null) {
                AffineKernels.addColumnSums(g, blocks.total, out, adjoints[3]);
            }
        });
    }

    /** The hidden layer's blocks and their products, with OpenBLAS when it loaded, else the Java loops. */
    private static final class Blocks {
        final double[] x;
        final double[] rows;
        final int m;
        final int count;
        final int d;
        final int out;
        final int total;
        final int block;
        final double[] weight;

        Blocks(double[] x, double[] rows, int count, int d, int out, double[] weight) {
            this.x = x;
            this.rows = rows;
            this.m = x.length / d;
            this.count = count;
            this.d = d;
            this.out = out;
            this.total = count * m;
            this.block = StagedProducts.rowsPerBlock(d, out);
            this.weight = weight;
        }

        /**
         * Writes hidden rows {@code [first, first + length)}, {@code relu(x[i] + rows[k])}, into {@code hidden}: the
         * sums row by row, then the relu in one flat loop (a row's few dozen {@code max}es mostly fall to the
         * vectorised loop's scalar remainder, measured twice as slow as the two passes).
         */
        void hidden(int first, int length, double[] hidden) {
            for (int r = 0; r < length; r++) {
                int row = first + r;
                int input = (row % m) * d;
                int sum = (row / m) * d;
                int at = r * d;
                for (int j = 0; j < d; j++) {
                    hidden[at + j] = x[input + j] + rows[sum + j];
                }
            }
            int size = length * d;
            for (int i = 0; i < size; i++) {
                hidden[i] = Math.max(hidden[i], 0.0);   // max(-0.0, 0.0) is 0.0 and NaN stays NaN, as Relu.ofSums
            }
        }

        double[] forward(double @Nullable [] bias) {
            double[] y = new double[total * out];
            double[] hidden = new double[block * d];
            double[] transposed = MatrixKernels.transpose(weight, out, d);   // W^T [d, out]
            Products products = Products.open(block, d, out, transposed, false);
            for (int first = 0; first < total; first += block) {
                int length = Math.min(block, total - first);
                hidden(first, length, hidden);
                products.forward(length, hidden, y, first * out);
            }
            if (bias != null) {
                for (int r = 0; r < total; r++) {
                    for (int j = 0; j < out; j++) {
                        y[r * out + j] += bias[j];
                    }
                }
            }
            return y;
        }

        void backward(double[] g, double @Nullable [] dx, double @Nullable [] dRows, double @Nullable [] dWeight) {
            double[] hidden = new double[block * d];
            double[] dHidden = new double[block * d];
            Products products = Products.open(block, out, d, weight, dWeight != null);
            for (int first = 0; first < total; first += block) {
                int length = Math.min(block, total - first);
                hidden(first, length, hidden);
                if (dx != null || dRows != null) {
                    products.inputGradient(length, g, first * out, dHidden);
                    addSlopedSums(first, length, hidden, dHidden, dx, dRows);
                }
                if (dWeight != null) {
                    products.addWeightGradient(length, g, first * out, hidden);
                }
            }
            if (dWeight != null) {
                products.addWeightGradientTo(dWeight);
            }
        }

        /**
         * {@code dx[i] += dh relu'} and {@code dRows[k] += dh relu'} for the block's rows; {@code dHidden} becomes
         * {@code dh relu'} (in one flat loop, as {@link #hidden}).
         */
        private void addSlopedSums(int first, int length, double[] hidden, double[] dHidden, double @Nullable [] dx,
                double @Nullable [] dRows) {
            int size = length * d;
            for (int i = 0; i < size; i++) {
                dHidden[i] *= ActivationKernels.reluSlope(hidden[i]);
            }
            for (int r = 0; r < length; r++) {
                int row = first + r;
                int input = (row % m) * d;
                int sum = (row / m) * d;
                int at = r * d;
                if (dx != null) {
                    for (int j = 0; j < d; j++) {
                        dx[input + j] += dHidden[at + j];
                    }
                }
                if (dRows != null) {
                    for (int j = 0; j < d; j++) {
                        dRows[sum + j] += dHidden[at + j];
                    }
                }
            }
        }
    }

    /**
     * The block products of one pass: {@code C = A B} with {@code B [k, n]} fixed (forward: {@code W^T}; backward: the
     * hidden gradient {@code G W}), and in the backward pass the weight's gradient {@code G^T H} summed over the
     * blocks.
     */
    private abstract static class Products {
        final int k;
        final int n;

        Products(int k, int n) {
            this.k = k;
            this.n = n;
        }

        /**
         * @param fixed {@code B [k, n]}
         * @param weightGradient whether the pass sums the weight's gradient {@code G^T H}, {@code [k, n]}
         */
        static Products open(int maxRows, int k, int n, double[] fixed, boolean weightGradient) {
            if (!MatrixKernels.usesNativeBlas()) {
                return new Loops(k, n, fixed, weightGradient ? new double[k * n] : null);
            }
            return ProductPrecision.current() == ProductPrecision.SINGLE
                    ? new Single(maxRows, k, n, fixed, weightGradient)
                    : new Native(maxRows, k, n, fixed, weightGradient);
        }

        /** {@code c[cOffset ...] = A [rows, k] B}, rows of {@code c} zero before. */
        abstract void forward(int rows, double[] a, double[] c, int cOffset);

        /** {@code dh[rows, n] = G [rows, k] B}, {@code G} from {@code g[gOffset]}, {@code dh} overwritten. */
        abstract void inputGradient(int rows, double[] g, int gOffset, double[] dh);

        /** Adds {@code G^T H} of the block: {@code G [rows, k]} from {@code g[gOffset]}, {@code H [rows, n]}. */
        abstract void addWeightGradient(int rows, double[] g, int gOffset, double[] h);

        /** Adds the summed weight gradient {@code [k, n]} to {@code target}. */
        abstract void addWeightGradientTo(double[] target);

        /** {@code target += sums}, entry by entry. */
        static void addSums(double[] sums, double[] target) {
            for (int i = 0; i < sums.length; i++) {
                target[i] += sums[i];
            }
        }
    }

    private static final class Loops extends Products {
        private final double[] fixed;
        private final double @Nullable [] weightGradient;

        Loops(int k, int n, double[] fixed, double @Nullable [] weightGradient) {
            super(k, n);
            this.fixed = fixed;
            this.weightGradient = weightGradient;
        }

        @Override
        void forward(int rows, double[] a, double[] c, int cOffset) {
            MatrixKernels.multAdd(rows, k, n, a, 0, k, 1, fixed, 0, c, cOffset);
        }

        @Override
        void inputGradient(int rows, double[] g, int gOffset, double[] dh) {
            Arrays.fill(dh, 0, rows * n, 0.0);
            MatrixKernels.multAdd(rows, k, n, g, gOffset, k, 1, fixed, 0, dh, 0);
        }

        @Override
        void addWeightGradient(int rows, double[] g, int gOffset, double[] h) {
            // G^T [k, rows]: entry (i, p) at g[gOffset + p k + i]
            MatrixKernels.multAdd(k, rows, n, g, gOffset, 1, k, h, 0, java.util.Objects.requireNonNull(weightGradient),
                    0);
        }

        @Override
        void addWeightGradientTo(double[] target) {
            addSums(java.util.Objects.requireNonNull(weightGradient), target);
        }
    }

    /**
     * On native copies in this thread's {@link NativeBuffers}: the fixed matrix once, each block's rows in and out of
     * buffers of the block's size.
     */
    private static final class Native extends Products {
        private final DoublePointer fixed;
        private final DoublePointer left;
        private final DoublePointer right;
        private final @Nullable DoublePointer weightGradient;
        /** Where in {@code g} the rows now in {@link #left} start, -1 for none. */
        private int leftHoldsG = -1;

        Native(int maxRows, int k, int n, double[] values, boolean weightGradient) {
            super(k, n);
            NativeBuffers buffers = NativeBuffers.ofThisThread();
            this.fixed = buffers.get(0, (long) k * n).put(values, 0, k * n);
            long widest = (long) maxRows * Math.max(k, n);
            this.left = buffers.get(1, widest);
            this.right = buffers.get(2, widest);
            this.weightGradient = weightGradient ? buffers.get(3, (long) k * n).fill(0) : null;
        }

        @Override
        void forward(int rows, double[] a, double[] c, int cOffset) {
            left.put(a, 0, rows * k);
            leftHoldsG = -1;
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, rows, n, k, 1.0, left, k, fixed, n, 0.0, right, n);
            right.get(c, cOffset, rows * n);
        }

        @Override
        void inputGradient(int rows, double[] g, int gOffset, double[] dh) {
            left.put(g, gOffset, rows * k);   // kept for addWeightGradient of the same block
            leftHoldsG = gOffset;
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, rows, n, k, 1.0, left, k, fixed, n, 0.0, right, n);
            right.get(dh, 0, rows * n);
        }

        @Override
        void addWeightGradient(int rows, double[] g, int gOffset, double[] h) {
            if (leftHoldsG != gOffset) {
                left.put(g, gOffset, rows * k);
                leftHoldsG = gOffset;
            }
            right.put(h, 0, rows * n);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                    openblas_nolapack.CblasNoTrans, k, n, rows, 1.0, left, k, right, n, 1.0,
                    java.util.Objects.requireNonNull(weightGradient), n);
        }

        @Override
        void addWeightGradientTo(double[] target) {
            double[] sums = new double[k * n];
            java.util.Objects.requireNonNull(weightGradient).get(sums, 0, k * n);
            addSums(sums, target);
        }
    }

    /**
     * {@link Native} under {@link ProductPrecision#SINGLE}: the products in float32 on this thread's float buffers,
     * each block's weight gradient added to a float64 sum (so that the sum over blocks keeps float64's precision).
     */
    private static final class Single extends Products {
        private final FloatPointer fixed;
        private final FloatPointer left;
        private final FloatPointer right;
        private final @Nullable FloatPointer blockGradient;
        private final double @Nullable [] weightGradient;
        private final float[] staging;
        /** Where in {@code g} the rows now in {@link #left} start, -1 for none. */
        private int leftHoldsG = -1;

        Single(int maxRows, int k, int n, double[] values, boolean weightGradient) {
            super(k, n);
            NativeBuffers buffers = NativeBuffers.ofThisThread();
            this.staging = buffers.staging();
            this.fixed = buffers.singles(0, (long) k * n);
            SingleProducts.putRounded(values, k * n, fixed, staging);
            long widest = (long) maxRows * Math.max(k, n);
            this.left = buffers.singles(1, widest);
            this.right = buffers.singles(2, widest);
            this.blockGradient = weightGradient ? buffers.singles(3, (long) k * n) : null;
            this.weightGradient = weightGradient ? new double[k * n] : null;
        }

        @Override
        void forward(int rows, double[] a, double[] c, int cOffset) {
            SingleProducts.putRounded(a, rows * k, left, staging);
            leftHoldsG = -1;
            multiplyByFixed(rows);
            SingleProducts.addTo(right, rows * n, c, cOffset, false, staging);
        }

        @Override
        void inputGradient(int rows, double[] g, int gOffset, double[] dh) {
            SingleProducts.putRounded(g, gOffset, rows * k, left, staging);   // kept for addWeightGradient
            leftHoldsG = gOffset;
            multiplyByFixed(rows);
            SingleProducts.addTo(right, rows * n, dh, false, staging);
        }

        private void multiplyByFixed(int rows) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, rows, n, k, 1.0f, left, k, fixed, n, 0.0f, right, n);
        }

        @Override
        void addWeightGradient(int rows, double[] g, int gOffset, double[] h) {
            if (leftHoldsG != gOffset) {
                SingleProducts.putRounded(g, gOffset, rows * k, left, staging);
                leftHoldsG = gOffset;
            }
            SingleProducts.putRounded(h, rows * n, right, staging);
            FloatPointer block = java.util.Objects.requireNonNull(blockGradient);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                    openblas_nolapack.CblasNoTrans, k, n, rows, 1.0f, left, k, right, n, 0.0f, block, n);
            SingleProducts.addTo(block, k * n, java.util.Objects.requireNonNull(weightGradient), true, staging);
        }

        @Override
        void addWeightGradientTo(double[] target) {
            addSums(java.util.Objects.requireNonNull(weightGradient), target);
        }
    }
}
