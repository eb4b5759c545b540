package dev.trellis.runtime.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link ProductPrecision#SINGLE}'s products: {@code C += op(A) op(B)} with {@code op(A) op(B)} computed by OpenBLAS's
 * {@code cblas_sgemm} on the operands rounded to float32, then added to the float64 {@code C} (so that {@code C}'s
 * own value keeps its precision). The operands go to this thread's float buffers ({@link NativeBuffers}) through a
 * small Java array, {@value #CHUNK} numbers at a time, so no operand is copied whole on the Java heap.
 */
final class SingleProducts {

    /** The numbers converted per pass between a {@code double[]} and a float buffer: 64 KB of floats. */
    static final int CHUNK = 16_384;

    private SingleProducts() {
    }

    /**
     * {@code C[m, n] += op(A) op(B)} on row-major arrays from index 0 (as {@link NativeBlas#multAdd}), the product
     * in float32; only after {@link NativeBlas#available()} returned true, every dimension at least 1.
     */
    static void multAdd(boolean transA, boolean transB, int m, int k, int n, double[] a, double[] b, double[] c) {
        NativeBuffers buffers = NativeBuffers.ofThisThread();
        FloatPointer left = buffers.singles(0, (long) m * k);
        FloatPointer right = buffers.singles(1, (long) k * n);
        FloatPointer product = buffers.singles(2, (long) m * n);
        putRounded(a, m * k, left, buffers.staging());
        putRounded(b, k * n, right, buffers.staging());
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1.0f, left, transA ? m : k, right, transB ? k : n, 0.0f, product, n);
        addTo(product, m * n, c, true, buffers.staging());
    }

    /**
     * A right-hand matrix {@code B [k, n]} rounded to float32 once, in native memory, for many float32 products {@code
     * C += A B} with few rows of {@code A} (a recurrent layer's {@code W_hh} at every time step). Kept as given, plain
     * or transposed (OpenBLAS reads {@code B^T} in place), and multiplied in one {@code sgemm} call.
     */
    static final class Fixed implements NativeBlas.FixedProducts {
        private final int k;
        private final int n;
        private final boolean transposed;
        /** {@code B [k, n]}, or {@code B^T [n, k]} when {@link #transposed}; package-private for tests of close. */
        final FloatPointer b;
        final FloatPointer a;
        final FloatPointer c;

        /** @param values {@code B [k, n]} row-major, or {@code B^T [n, k]} when {@code transposed} */
        Fixed(double[] values, boolean transposed, int k, int n, int maxRows) {
            this.k = k;
            this.n = n;
            this.transposed = transposed;
            this.b = new FloatPointer((long) k * n);
            putRounded(values, k * n, b, NativeBuffers.ofThisThread().staging());
            this.a = new FloatPointer(Math.max(1L, (long) maxRows * k));
            this.c = new FloatPointer(Math.max(1L, (long) maxRows * n));
        }

        @Override
        public void multAdd(int m, double[] aValues, double[] cValues) {
            multiply(m, aValues, cValues, true);
        }

        @Override
        public void multInto(int m, double[] aValues, double[] cValues) {
            multiply(m, aValues, cValues, false);
        }

        private void multiply(int m, double[] aValues, double[] cValues, boolean add) {
            float[] staging = NativeBuffers.ofThisThread().staging();
            putRounded(aValues, m * k, a, staging);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    transposed ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, k, 1.0f, a, k, b,
                    transposed ? k : n, 0.0f, c, n);
            addTo(c, m * n, cValues, add, staging);
        }

        @Override
        public void close() {
            b.close();
            a.close();
            c.close();
        }
    }

    /** {@link #putRounded(double[], int, int, FloatPointer, float[])} from index 0. */
    static void putRounded(double[] values, int count, FloatPointer target, float[] staging) {
        putRounded(values, 0, count, target, staging);
    }

    /**
     * Writes {@code values[from, from + count)} rounded to float32 at the start of {@code target}.
     *
     * @throws IllegalStateException if {@code target} holds fewer than {@code count} floats (native memory has no
     *     bounds of its own)
     */
    static void putRounded(double[] values, int from, int count, FloatPointer target, float[] staging) {
        requireCapacity(target, count);
        try {
            int done = 0;
            while (done < count) {
                int length = Math.min(staging.length, count - done);
                for (int i = 0; i < length; i++) {
                    staging[i] = (float) values[from + done + i];
                }
                target.position(done).put(staging, 0, length);
                done += length;
            }
        } finally {
            target.position(0);
        }
    }

    /** {@link #addTo(FloatPointer, int, double[], int, boolean, float[])} at index 0 of {@code target}. */
    static void addTo(FloatPointer source, int count, double[] target, boolean add, float[] staging) {
        addTo(source, count, target, 0, add, staging);
    }

    /**
     * Adds the first {@code count} floats of {@code source} to {@code target[at, at + count)} in float64, or, when not
     * {@code add}, writes them there.
     *
     * @throws IllegalStateException if {@code source} holds fewer than {@code count} floats
     */
    static void addTo(FloatPointer source, int count, double[] target, int at, boolean add, float[] staging) {
        requireCapacity(source, count);
        try {
            int done = 0;
            while (done < count) {
                int length = Math.min(staging.length, count - done);
                source.position(done).get(staging, 0, length);
                if (add) {
                    for (int i = 0; i < length; i++) {
                        target[at + done + i] += staging[i];
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        target[at + done + i] = staging[i];
                    }
                }
                done += length;
            }
        } finally {
            source.position(0);
        }
    }

    private static void requireCapacity(FloatPointer buffer, int count) {
        if (buffer.capacity() < count) {
            throw new IllegalStateException("a float buffer of " + buffer.capacity() + " numbers asked for " + count);
        }
    }
}
