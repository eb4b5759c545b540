package dev.trellis.runtime.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenBLAS's {@code cblas_dgemm} through JavaCPP, whose natives come from Maven Central with the runtime (no system
 * library), loaded once on first use and set to one thread: the products are one core's work, and the runtime's own
 * threads split batches between them. When the natives do not load (another platform, a locked-down temporary
 * directory) or the system property {@value #DISABLE_PROPERTY} is {@code false}, {@link #available()} is false, the
 * reason is logged once, and {@link MatrixKernels} uses its Java loops.
 *
 * <p>Measured on the machine of {@code benchmarks/RESULTS.md} (one core, AVX-512), against the Java loops' 8–12
 * GFLOP/s: 20–45 GFLOP/s on the layers' shapes, JNI's copies of the Java arrays included (HotSpot copies an array
 * in and out of a native call), from {@code [8 x 16] x [16 x 16]} to {@code [4240 x 48] x [48 x 51]}.
 */
final class NativeBlas {

    /** The system property that, set to {@code false}, keeps the products in Java. */
    static final String DISABLE_PROPERTY = "trellis.nativeBlas";

    private static final Logger LOG = LoggerFactory.getLogger(NativeBlas.class);

    private NativeBlas() {
    }

    /** {@return whether OpenBLAS loaded (the first call loads it)} */
    static boolean available() {
        return Holder.LOADED;
    }

    /**
     * {@code C[m, n] += op(A) op(B)} on row-major arrays from index 0, where {@code op(A)} is {@code A [m, k]} or, when
     * {@code transA}, {@code A [k, m]} transposed, and likewise {@code op(B)} is {@code B [k, n]} or {@code B [n, k]}
     * transposed. Only after {@link #available()} returned true; every dimension at least 1. Under {@link
     * ProductPrecision#SINGLE} the product is float32 ({@link SingleProducts}); otherwise tall products with a small
     * operand go through {@link StagedProducts}, the others take the arrays as JNI copies them.
     */
    static void multAdd(boolean transA, boolean transB, int m, int k, int n, double[] a, double[] b, double[] c) {
        if (ProductPrecision.current() == ProductPrecision.SINGLE) {
            SingleProducts.multAdd(transA, transB, m, k, n, a, b, c);
            return;
        }
        if (StagedProducts.takes(transA, transB, m, k, n)) {
            StagedProducts.multAdd(transA, m, k, n, a, b, c);
            return;
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1.0, a, transA ? m : k, b, transB ? k : n, 1.0, c, n);
    }

    /**
     * A right-hand matrix {@code B [k, n]} kept in native memory for many products {@code C += A B} with at most a
     * bound of rows in {@code A}, {@code A} and {@code C} row-major from index 0. Not thread-safe; close it to free
     * the memory.
     */
    interface FixedProducts extends AutoCloseable {
        /** {@code C[m, n] += A[m, k] B}, {@code 1 <= m <=} the bound. */
        void multAdd(int m, double[] aValues, double[] cValues);

        /** {@code C[m, n] = A[m, k] B}: the first {@code m} rows of {@code cValues} overwritten without being read. */
        void multInto(int m, double[] aValues, double[] cValues);

        @Override
        void close();
    }

    /**
     * {@return {@code B} fixed for products at the precision current now ({@link ProductPrecision}), which it keeps for
     * its life}: {@link PinnedRight} in float64, {@link SingleProducts.Fixed} in float32. Only after {@link
     * #available()} returned true.
     *
     * @param values {@code B [k, n]} row-major, or {@code B^T [n, k]} when {@code transposed}
     */
    static FixedProducts fix(double[] values, boolean transposed, int k, int n, int maxRows) {
        return ProductPrecision.current() == ProductPrecision.SINGLE
                ? new SingleProducts.Fixed(values, transposed, k, n, maxRows)
                : new PinnedRight(values, transposed, k, n, maxRows);
    }

    /**
     * A right-hand matrix {@code B [k, n]} copied once to native memory for many products {@code C += A B} with small
     * {@code A} (a recurrent layer's {@code W_hh} at every time step): the products then copy only {@code A} and
     * {@code C}, where the array form copies {@code B} in and out of every call. Not thread-safe; close it to free
     * the memory.
     *
     * <p>A matrix larger than {@value #LARGE_ENTRIES} entries (more than a core's 2 MiB L2 cache: the DMM's
     * {@code [600 x 600]} {@code W_hh}, 2.9 MB) is kept transposed and multiplied as {@code A (B^T)^T} in column blocks
     * of {@link #blockWidth} columns: OpenBLAS then takes its small-matrix kernel, which reads {@code B^T} in place,
     * where the plain product packs all of {@code B} at every call, a floor of about 200 us whatever {@code m}.
     * Measured (CPU time per call, copies included, one core of the AVX-512 machine of {@code
     * benchmarks/RESULTS.md}, loaded), {@code [m, 600] x [600, 600]}, plain against blocked: m=1 99/91 us, 3 206/119,
     * 4 199/95, 6 214/140, 8 240/166, 10 260/213, 12 256/220, 15 354/303, 20 359/358. On smaller matrices the plain
     * product is as fast or faster ({@code [400 x 400]}: m=3 39/27 us but m=10 90/115; {@code [100 x 600]}: m=10
     * 23/42), so they keep it. The thresholds are this machine's (OpenBLAS's AVX-512 kernels); elsewhere the blocks
     * give the same values up to rounding, at a speed not measured.
     */
    static final class PinnedRight implements FixedProducts {
        /** Matrices with more entries than this are multiplied transposed, in column blocks. */
        static final long LARGE_ENTRIES = 1L << 18;
        /**
         * The largest {@code m k w} of one block's product: OpenBLAS's small-matrix kernel took the products with
         * {@code m k w} up to 720,000 and packed the operands from 900,000 on (the time doubling).
         */
        static final long SMALL_KERNEL_WORK = 720_000;

        private final int k;
        private final int n;
        private final boolean blocked;
        /** {@code B [k, n]}, or {@code B^T [n, k]} when blocked. */
        private final DoublePointer b;
        private final DoublePointer a;
        private final DoublePointer c;

        /**
         * Only after {@link #available()} returned true; {@code maxRows} bounds the products' {@code m}.
         *
         * @param values {@code B [k, n]} row-major, or {@code B^T [n, k]} when {@code transposed}
         */
        PinnedRight(double[] values, boolean transposed, int k, int n, int maxRows) {
            this.k = k;
            this.n = n;
            this.blocked = (long) k * n > LARGE_ENTRIES;
            double[] stored = blocked == transposed ? values
                    : transposed ? MatrixKernels.transpose(values, n, k) : MatrixKernels.transpose(values, k, n);
            this.b = new DoublePointer((long) k * n).put(stored, 0, k * n);
            this.a = new DoublePointer(Math.max(1L, (long) maxRows * k));
            this.c = new DoublePointer(Math.max(1L, (long) maxRows * n));
        }

        /**
         * {@return the columns of {@code C} one product computes at {@code m} rows}: all {@code n} for a matrix kept
         * plain, else the most that keeps {@code m k w} within {@link #SMALL_KERNEL_WORK}, a multiple of 8 (the
         * kernel's vector width), at least 8
         */
        static int blockWidth(int m, int k, int n) {
            if ((long) k * n <= LARGE_ENTRIES) {
                return n;
            }
            long width = SMALL_KERNEL_WORK / ((long) m * k) / 8 * 8;
            return (int) Math.min(n, Math.max(8, width));
        }

        /** {@code C[m, n] += A[m, k] B}, row-major arrays from index 0, {@code 1 <= m <= maxRows}. */
        @Override
        public void multAdd(int m, double[] aValues, double[] cValues) {
            a.put(aValues, 0, m * k);
            c.put(cValues, 0, m * n);
            multiply(m, 1.0, blockWidth(m, k, n));
            c.get(cValues, 0, m * n);
        }

        /**
         * {@code C[m, n] = A[m, k] B}, overwriting the first {@code m} rows of {@code cValues} without reading them:
         * one copy fewer than {@link #multAdd} on a zeroed {@code C}, with the same values (BLAS scales C by beta 0,
         * then adds the product).
         */
        @Override
        public void multInto(int m, double[] aValues, double[] cValues) {
            multInto(m, aValues, cValues, blockWidth(m, k, n));
        }

        /** {@link #multInto(int, double[], double[])} in blocks of {@code width} columns (tests compare widths). */
        void multInto(int m, double[] aValues, double[] cValues, int width) {
            a.put(aValues, 0, m * k);
            multiply(m, 0.0, width);
            c.get(cValues, 0, m * n);
        }

        /** {@code C = A B + beta C} on the native copies, {@code width} columns at a time. */
        private void multiply(int m, double beta, int width) {
            if (!blocked) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, m, n, k, 1.0, a, k, b, n, beta, c, n);
                return;
            }
            try {
                for (int first = 0; first < n; first += width) {
                    int columns = Math.min(width, n - first);
                    // columns [first, first + columns) of B are rows of B^T; of C, a sub-matrix with C's row stride
                    // (JavaCPP passes a pointer's address plus its position)
                    openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                            openblas_nolapack.CblasTrans, m, columns, k, 1.0, a, k, b.position((long) first * k), k,
                            beta, c.position(first), n);
                }
            } finally {
                b.position(0);
                c.position(0);
            }
        }

        @Override
        public void close() {
            b.close();
            a.close();
            c.close();
        }
    }

    /** Loads the natives on first use of {@link #available()} (class initialisation is thread-safe and runs once). */
    private static final class Holder {
        static final boolean LOADED = load();

        private static boolean load() {
            if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY))) {
                LOG.info("Matrix products in Java: OpenBLAS disabled by -D{}=false", DISABLE_PROPERTY);
                return false;
            }
            try {
                openblas_nolapack.blas_set_num_threads(1);
                double[] c = {0};
                multAdd(false, false, 1, 1, 1, new double[] {2}, new double[] {3}, c);
                if (c[0] != 6) {
                    throw new IllegalStateException("cblas_dgemm gave 2 x 3 = " + c[0]);
                }
                return true;
            } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, ...
                LOG.warn("Matrix products in Java (several times slower): OpenBLAS did not load: {}", e.toString());
                return false;
            }
        }
    }
}
