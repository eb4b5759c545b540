package dev.trellis.runtime.nn;

import org.jspecify.annotations.Nullable;

/**
 * The matrix products of the network layers, {@code C += A B} on row-major {@code double[]}s, written so that the JIT
 * vectorises them: each pass streams four rows of {@code B} into two rows of {@code C} ({@code c[j] += a0 b0[j] + ...
 * + a3 b3[j]} with fused multiply-adds, eight per loaded {@code C} element), the innermost loop running along rows.
 * Products of the shapes a layer meets (a few to a few hundred rows, tens to hundreds of columns) run about twice as
 * fast as EJML's {@code mult} and {@code multTransB} (measured 9–11 against 4–6 GFLOP/s on one core of the AVX-512
 * machine of {@code benchmarks/RESULTS.md}); {@code multTransB}'s dot products, whose reductions the JIT does not
 * vectorise, were the slowest.
 *
 * <p>{@code A} is read through strides, so {@code A^T} (a weight's gradient {@code g^T x}) needs no copy; a product
 * with {@code B^T} transposes {@code B} first ({@link #transpose}), which costs one pass over {@code B} and pays off
 * from a few rows of {@code A}. Each entry of {@code C} adds its terms in the order of the inner index, whatever the
 * blocking, so results do not depend on the number of rows.
 *
 * <p>The whole-array products ({@link #multAdd(int, int, int, double[], double[], double[])}, {@link #multAddTransA})
 * go to OpenBLAS ({@link NativeBlas}) when its natives load, 2–4x faster on every shape the layers meet; the loops
 * here are the fallback (and the strided form's only implementation). OpenBLAS sums in its own blocked order, so
 * its results differ from the loops' in the last bits and may depend on the number of rows. Under {@link
 * ProductPrecision#SINGLE} OpenBLAS's products are float32 ({@link SingleProducts}); the loops stay float64.
 */
final class MatrixKernels {

    /** Set by tests to compare the two implementations; otherwise OpenBLAS whenever it loaded. */
    private static volatile boolean javaLoopsOnly;

    private MatrixKernels() {
    }

    /** Makes the whole-array products use the Java loops ({@code true}) or OpenBLAS when loaded ({@code false}). */
    static void useJavaLoopsOnly(boolean javaOnly) {
        javaLoopsOnly = javaOnly;
    }

    /** {@return whether the whole-array products go to OpenBLAS} */
    static boolean usesNativeBlas() {
        return !javaLoopsOnly && NativeBlas.available();
    }

    /**
     * {@code C[m, n] += A[m, k] B[k, n]}.
     *
     * @param a {@code A(i, p)} at {@code a[aOffset + i * aRowStride + p * aColStride]}
     * @param b row-major, {@code B(p, j)} at {@code b[bOffset + p * n + j]}
     * @param c row-major, {@code C(i, j)} at {@code c[cOffset + i * n + j]}
     */
    static void multAdd(int m, int k, int n, double[] a, int aOffset, int aRowStride, int aColStride, double[] b,
            int bOffset, double[] c, int cOffset) {
        int p = 0;
        for (; p + 3 < k; p += 4) {
            int b0 = bOffset + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            int i = 0;
            for (; i + 1 < m; i += 2) {
                int ai = aOffset + i * aRowStride + p * aColStride;
                int ae = ai + aRowStride;
                double a0 = a[ai];
                double a1 = a[ai + aColStride];
                double a2 = a[ai + 2 * aColStride];
                double a3 = a[ai + 3 * aColStride];
                double e0 = a[ae];
                double e1 = a[ae + aColStride];
                double e2 = a[ae + 2 * aColStride];
                double e3 = a[ae + 3 * aColStride];
                int ci = cOffset + i * n;
                int ce = ci + n;
                for (int j = 0; j < n; j++) {
                    double v0 = b[b0 + j];
                    double v1 = b[b1 + j];
                    double v2 = b[b2 + j];
                    double v3 = b[b3 + j];
                    c[ci + j] = Math.fma(a3, v3, Math.fma(a2, v2, Math.fma(a1, v1, Math.fma(a0, v0, c[ci + j]))));
                    c[ce + j] = Math.fma(e3, v3, Math.fma(e2, v2, Math.fma(e1, v1, Math.fma(e0, v0, c[ce + j]))));
                }
            }
            if (i < m) {
                int ai = aOffset + i * aRowStride + p * aColStride;
                double a0 = a[ai];
                double a1 = a[ai + aColStride];
                double a2 = a[ai + 2 * aColStride];
                double a3 = a[ai + 3 * aColStride];
                int ci = cOffset + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(a3, b[b3 + j], Math.fma(a2, b[b2 + j], Math.fma(a1, b[b1 + j],
                            Math.fma(a0, b[b0 + j], c[ci + j]))));
                }
            }
        }
        // the last one to three rows of B, one at a time (each entry still adds its terms in the order of p)
        for (; p < k; p++) {
            int b0 = bOffset + p * n;
            for (int i = 0; i < m; i++) {
                double a0 = a[aOffset + i * aRowStride + p * aColStride];
                int ci = cOffset + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(a0, b[b0 + j], c[ci + j]);
                }
            }
        }
    }

    /** {@code C[m, n] += A[m, k] B[k, n]}, all three row-major from index 0. */
    static void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
        if (m == 0 || k == 0 || n == 0) {
            return;
        }
        if (usesNativeBlas()) {
            NativeBlas.multAdd(false, false, m, k, n, a, b, c);
        } else {
            multAdd(m, k, n, a, 0, k, 1, b, 0, c, 0);
        }
    }

    /** {@code C[m, n] += A[k, m]^T B[k, n]}, all three row-major from index 0 (a weight's gradient {@code g^T x}). */
    static void multAddTransA(int m, int k, int n, double[] a, double[] b, double[] c) {
        if (m == 0 || k == 0 || n == 0) {
            return;
        }
        if (usesNativeBlas()) {
            NativeBlas.multAdd(true, false, m, k, n, a, b, c);
        } else {
            multAdd(m, k, n, a, 0, 1, m, b, 0, c, 0);
        }
    }

    /**
     * A right-hand matrix {@code B [k, n]} for many products {@code C += A B} with few rows of {@code A} (a recurrent
     * layer's weight at every time step): with OpenBLAS it is copied to native memory once, not at every product.
     * Use in try-with-resources; not thread-safe.
     */
    static final class FixedRight implements AutoCloseable {
        /** {@code B} row-major for the Java loops; null when OpenBLAS multiplies. */
        private final double @Nullable [] b;
        private final int k;
        private final int n;
        private final NativeBlas.@Nullable FixedProducts pinned;

        /** {@code maxRows} bounds the rows of every {@code A} multiplied; {@code b} is {@code B [k, n]}. */
        FixedRight(double[] b, int k, int n, int maxRows) {
            this(b, false, k, n, maxRows);
        }

        private FixedRight(double[] values, boolean transposed, int k, int n, int maxRows) {
            this.k = k;
            this.n = n;
            this.pinned = usesNativeBlas() && k > 0 && n > 0
                    ? NativeBlas.fix(values, transposed, k, n, maxRows) : null;
            this.b = pinned != null ? null : transposed ? transpose(values, n, k) : values;
        }

        /**
         * {@return a fixed {@code B [k, n]} given as its transpose {@code bTransposed [n, k]}} (a layer's weight
         * {@code W} for products with {@code W^T}): OpenBLAS keeps large float64 matrices and every float32 one
         * transposed, so it takes them without a copy, and only the Java loops transpose them back.
         */
        static FixedRight ofTransposed(double[] bTransposed, int k, int n, int maxRows) {
            return new FixedRight(bTransposed, true, k, n, maxRows);
        }

        /** {@code C[m, n] += A[m, k] B}, {@code A} and {@code C} row-major from index 0. */
        void multAddTo(int m, double[] a, double[] c) {
            if (m == 0 || k == 0 || n == 0) {
                return;
            }
            if (pinned != null) {
                pinned.multAdd(m, a, c);
            } else {
                multAdd(m, k, n, a, 0, k, 1, java.util.Objects.requireNonNull(b), 0, c, 0);
            }
        }

        /**
         * {@code C[m, n] = A[m, k] B}: the first {@code m} rows of {@code c} overwritten (the rest untouched), as
         * {@link #multAddTo} on those rows zeroed; with OpenBLAS, {@code C} is not copied to native memory first.
         */
        void multInto(int m, double[] a, double[] c) {
            if (pinned != null && m > 0 && k > 0) {
                pinned.multInto(m, a, c);
                return;
            }
            java.util.Arrays.fill(c, 0, m * n, 0.0);
            multAddTo(m, a, c);
        }

        @Override
        public void close() {
            if (pinned != null) {
                pinned.close();
            }
        }
    }

    /** {@return {@code B^T}, {@code [cols, rows]}, of the row-major {@code B [rows, cols]}} */
    static double[] transpose(double[] b, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + r] = b[offset + j];
            }
        }
        return t;
    }
}
