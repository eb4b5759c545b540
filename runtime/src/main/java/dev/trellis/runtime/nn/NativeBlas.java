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
     * transposed. Only after {@link #available()} returned true; every dimension at least 1.
     */
    static void multAdd(boolean transA, boolean transB, int m, int k, int n, double[] a, double[] b, double[] c) {
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1.0, a, transA ? m : k, b, transB ? k : n, 1.0, c, n);
    }

    /**
     * A right-hand matrix {@code B [k, n]} copied once to native memory for many products {@code C += A B} with small
     * {@code A} (a recurrent layer's {@code W_hh} at every time step): the products then copy only {@code A} and
     * {@code C}, where the array form copies {@code B} in and out of every call. Not thread-safe; close it to free
     * the memory.
     */
    static final class PinnedRight implements AutoCloseable {
        private final int k;
        private final int n;
        private final DoublePointer b;
        private final DoublePointer a;
        private final DoublePointer c;

        /** Only after {@link #available()} returned true; {@code maxRows} bounds the products' {@code m}. */
        PinnedRight(double[] values, int k, int n, int maxRows) {
            this.k = k;
            this.n = n;
            this.b = new DoublePointer((long) k * n).put(values, 0, k * n);
            this.a = new DoublePointer(Math.max(1L, (long) maxRows * k));
            this.c = new DoublePointer(Math.max(1L, (long) maxRows * n));
        }

        /** {@code C[m, n] += A[m, k] B}, row-major arrays from index 0, {@code 1 <= m <= maxRows}. */
        void multAdd(int m, double[] aValues, double[] cValues) {
            a.put(aValues, 0, m * k);
            c.put(cValues, 0, m * n);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, m, n, k, 1.0, a, k, b, n, 1.0, c, n);
            c.get(cValues, 0, m * n);
        }

        /**
         * {@code C[m, n] = A[m, k] B}, overwriting the first {@code m} rows of {@code cValues} without reading them:
         * one copy fewer than {@link #multAdd} on a zeroed {@code C}, with the same values (BLAS scales C by beta 0,
         * then adds the product).
         */
        void multInto(int m, double[] aValues, double[] cValues) {
            a.put(aValues, 0, m * k);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, m, n, k, 1.0, a, k, b, n, 0.0, c, n);
            c.get(cValues, 0, m * n);
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
