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
     * C += A B} with few rows of {@code A} (a recurrent layer's {@code W_hh} at every time step).
     *
     * <p>It is kept as {@code B^T [n, k]}, and each product is computed transposed, {@code C^T = B^T A^T}, with the
     * fixed matrix on the left. OpenBLAS packs the whole fixed matrix at every call, whichever side it is on, and at
     * few rows that packing is most of the product; in the OpenBLAS build the runtime loads, the routine that packs a
     * column-major product's right-hand operand (which a row-major product's left-hand one is) ran about three times
     * as fast as the one for its left-hand operand. Measured (one core, OpenBLAS's AVX2 kernels), {@code [m, 600] x
     * [600, 600]}, plain against transposed: m=1 163/67 us, 4 152/87, 8 187/90, 12 205/144, 20 276/208; {@code [m,
     * 100] x [100, 600]} and {@code [m, 600] x [600, 100]}: 10–20 us less at every m from 1 to 20. With its AVX-512
     * kernels (OPENBLAS_CORETYPE=SkylakeX) too: m=4 151/81, 8 171/102, 20 209/150 (m <= 2 take its small-matrix
     * kernel either way, ~22 us). The rows are padded as {@link #paddedRows} says. (In float64 the transposed form
     * lost to the plain one with the AVX-512 kernels, 131/198 us at m=4, so {@link NativeBlas.PinnedRight} does not
     * use it.)
     */
    static final class Fixed implements NativeBlas.FixedProducts {
        /**
         * Products of at most this many rows are computed a row at a time ({@code sgemv}, which packs nothing): per
         * product, {@code [m, 600] x [600, 600]}, rows against the transposed product: m=1 19/69 us, 2 38/71, 3
         * 57/107 (92 padded), 4 77/89; {@code [m, 100] x [100, 600]} and {@code [m, 600] x [600, 100]}: 3–11 against
         * 10–18 us (one core, OpenBLAS's AVX2 kernels; its AVX-512 kernels' small-matrix path is as fast at one row
         * and faster at two). dmm.py's step, in one JVM alternating step by step: 5.9 ms less (paired median).
         */
        static final int VECTOR_ROWS = 4;

        private final int k;
        private final int n;
        /** {@code B^T [n, k]}; package-private for tests of close. */
        final FloatPointer b;
        final FloatPointer a;
        /** {@code C^T [n, rows]} of the last product, {@code rows} being its padded {@code m}. */
        final FloatPointer c;

        /** @param values {@code B [k, n]} row-major, or {@code B^T [n, k]} when {@code transposed} */
        Fixed(double[] values, boolean transposed, int k, int n, int maxRows) {
            this.k = k;
            this.n = n;
            this.b = new FloatPointer((long) k * n);
            float[] staging = NativeBuffers.ofThisThread().staging();
            if (transposed) {
                putRounded(values, k * n, b, staging);
            } else {
                putRoundedTransposed(values, k, n, b, staging);
            }
            // room for any m <= maxRows padded (11 rows take 16, more than paddedRows(12))
            long rows = (maxRows + 7L) / 8 * 8;
            this.a = new FloatPointer(Math.max(1L, rows * k));
            this.c = new FloatPointer(Math.max(1L, rows * n));
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
            if (m <= VECTOR_ROWS) {
                multiplyRowByRow(m, aValues, cValues, add, staging);
                return;
            }
            int rows = paddedRows(m);
            // both refuse rows beyond a's capacity, which bounds c's too (m past the bound would overrun them)
            putRounded(aValues, m * k, a, staging);
            // the padding rows only make columns of C^T that are not read, but zeros keep stale or uninitialised
            // memory (NaN, subnormal numbers, which can be slow) out of the kernel
            putZeros(a, (long) m * k, (rows - m) * k, staging);
            // C^T [n, rows] = B^T [n, k] (A [rows, k])^T
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasTrans, n, rows, k, 1.0f, b, k, a, k, 0.0f, c, rows);
            addTransposedTo(c, n, m, rows, cValues, add, staging);
        }

        /** {@code C[i] = B^T A[i]} for each row, one {@code sgemv} each: row-major {@code C} directly, nothing packed. */
        private void multiplyRowByRow(int m, double[] aValues, double[] cValues, boolean add, float[] staging) {
            putRounded(aValues, m * k, a, staging);
            try {
                for (int i = 0; i < m; i++) {
                    openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, n,
                            k, 1.0f, b, k, a.position((long) i * k), 1, 0.0f, c.position((long) i * n), 1);
                }
            } finally {
                a.position(0);
                c.position(0);
            }
            addTo(c, m * n, cValues, add, staging);
        }

        @Override
        public void close() {
            b.close();
            a.close();
            c.close();
        }
    }

    /**
     * {@return the rows a fixed matrix's product of {@code m} rows is computed with}: {@code m} rounded up to a
     * multiple of 8 when 3, 5, 6 or 7 rows are over, else {@code m}. OpenBLAS's AVX2 kernel passes over the whole
     * packed fixed matrix once for every tile of 16, 8, 4, 2 and 1 rows that {@code m} splits into, so 7 rows (three
     * tiles) cost nearly twice 8 (one tile); 1, 2 or 4 rows over are one narrow tile, cheaper than the rows of zeros
     * that would replace it. Measured, {@code [m, 600] x [600, 600]} as {@link Fixed} computes it, one core: m=1..8
     * 69, 72, 107, 91, 125, 128, 163, 92 us; 9..16 127, 131, 167, 150, 185, 188, 224, 151; 17..24 186, 190, 226, 207,
     * 243, 245, 281, 210. The AVX-512 kernels gain from the same padding (m=7 146 us, 8 91; 15 204, 16 95).
     */
    static int paddedRows(int m) {
        int over = m % 8;
        return over == 3 || over >= 5 ? m + 8 - over : m;
    }

    /**
     * Adds the transpose of the first {@code cols} columns of {@code source [rows, stride]} (float, row-major) to
     * {@code target [cols, rows]} (row-major) in float64, or, when not {@code add}, writes it there.
     *
     * @throws IllegalStateException if {@code source} holds fewer than {@code rows stride} floats
     */
    static void addTransposedTo(FloatPointer source, int rows, int cols, int stride, double[] target, boolean add,
            float[] staging) {
        requireCapacity(source, (long) rows * stride);
        try {
            inChunks(rows, stride, cols, staging.length, (first, count, from, width) -> {
                int read;   // where source (first + r, from + i) is: staging[r * stride + read + i]
                if (count == 1) {
                    source.position((long) first * stride + from).get(staging, 0, width);
                    read = 0;
                } else {
                    source.position((long) first * stride).get(staging, 0, count * stride);
                    read = from;
                }
                // source (first + r, from + i) is target (from + i, first + r)
                for (int i = 0; i < width; i++) {
                    int at = (from + i) * rows + first;
                    int column = read + i;
                    if (add) {
                        for (int r = 0; r < count; r++) {
                            target[at + r] += staging[r * stride + column];
                        }
                    } else {
                        for (int r = 0; r < count; r++) {
                            target[at + r] = staging[r * stride + column];
                        }
                    }
                }
            });
        } finally {
            source.position(0);
        }
    }

    /** One chunk of a transposing copy: lines {@code [first, first + count)}, entries {@code [from, from + width)}. */
    @FunctionalInterface
    private interface Chunk {
        void copy(int first, int count, int from, int width);
    }

    /**
     * Walks {@code lines} rows, each {@code stride} long of which the first {@code used} count, in chunks a staging
     * array of {@code stagingLength} holds: as many whole rows as fit, at least one, and a row longer than the array
     * in pieces.
     */
    private static void inChunks(int lines, int stride, int used, int stagingLength, Chunk chunk) {
        int piece = Math.min(used, stagingLength);
        int linesPerChunk = Math.max(1, stagingLength / stride);
        // each loop advances by what it did, so that an empty chunk would never end (mutation testing notices)
        int first = 0;
        while (first < lines) {
            int count = Math.min(linesPerChunk, lines - first);
            int from = 0;
            while (from < used) {
                int width = Math.min(piece, used - from);
                chunk.copy(first, count, from, width);
                from += width;
            }
            first += count;
        }
    }

    /** Writes {@code count} zeros into {@code target} from index {@code from}. */
    static void putZeros(FloatPointer target, long from, int count, float[] staging) {
        requireCapacity(target, from + count);
        java.util.Arrays.fill(staging, 0, Math.min(count, staging.length), 0.0f);
        try {
            int done = 0;
            while (done < count) {
                int length = Math.min(staging.length, count - done);
                target.position(from + done).put(staging, 0, length);
                done += length;
            }
        } finally {
            target.position(0);
        }
    }

    /**
     * Writes {@code values [rows, cols]} (row-major) transposed, {@code [cols, rows]}, rounded to float32 at the start
     * of {@code target}, without a transposed copy on the Java heap.
     *
     * @throws IllegalStateException if {@code target} holds fewer than {@code rows cols} floats
     */
    static void putRoundedTransposed(double[] values, int rows, int cols, FloatPointer target, float[] staging) {
        requireCapacity(target, (long) rows * cols);
        try {
            // the lines are the transpose's rows, values' columns
            inChunks(cols, rows, rows, staging.length, (first, count, from, length) -> {
                for (int j = 0; j < count; j++) {
                    for (int r = 0; r < length; r++) {
                        staging[j * length + r] = (float) values[(from + r) * cols + first + j];
                    }
                }
                if (count == 1) {
                    target.position((long) first * rows + from).put(staging, 0, length);
                } else {
                    target.position((long) first * rows).put(staging, 0, count * rows);
                }
            });
        } finally {
            target.position(0);
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

    private static void requireCapacity(FloatPointer buffer, long count) {
        if (buffer.capacity() < count) {
            throw new IllegalStateException("a float buffer of " + buffer.capacity() + " numbers asked for " + count);
        }
    }
}
