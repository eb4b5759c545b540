package dev.trellis.runtime.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS products of Java arrays with one small operand and one long dimension, passed to native code a block of
 * rows at a time through buffers that each thread keeps.
 *
 * <p>A Java array reaches {@code cblas_dgemm} as a copy: JNI copies it into memory allocated for the call and, for
 * {@code C}, back again. On a tall product such as the nnHMM's {@code [4240, 48] x [48, 51]} those copies of
 * megabytes took as long as the product itself (measured per call, one core of the machine of {@code
 * benchmarks/RESULTS.md}: ~0.9 ms through JNI against ~0.5 ms on data already in native memory). Here the small
 * operand is copied once and the tall ones in blocks of about {@value #BLOCK_DOUBLES} doubles, into buffers ({@link
 * NativeBuffers}) that stay in the core's cache for the product that reads them: ~0.6 ms. The blocks only split the
 * long dimension, so each entry of {@code C} is the same sum of products, added in OpenBLAS's order within a block and
 * block after block.
 */
final class StagedProducts {

    /**
     * The doubles of the tall operands' rows per block: 192 KB. Measured on {@code [4240, 48] x [48, 51]}: blocks of
     * 128–256 rows (100–200 KB) took 0.56–0.64 ms, of 512 rows 0.72–0.79 ms, one block 0.9.
     */
    static final int BLOCK_DOUBLES = 24_576;

    /**
     * The most entries of the operand kept whole ({@code B}, or {@code C} when {@code A} is transposed). Larger ones
     * would be packed again by OpenBLAS for every block (or, as {@code C}, read and written by every block).
     */
    static final int SMALL_OPERAND = 8_192;

    private StagedProducts() {
    }

    /**
     * {@return whether {@link #multAdd} takes this product}: the operand it keeps whole is small and the long
     * dimension spans more than one block
     */
    static boolean takes(boolean transA, boolean transB, int m, int k, int n) {
        if (transB) {
            return false;
        }
        int whole = transA ? m : k;   // C [m, n] is kept whole when A is transposed, else B [k, n]
        int tall = transA ? k : m;
        return (long) whole * n <= SMALL_OPERAND && tall > rowsPerBlock(whole, n);
    }

    /** {@return the rows of the tall operands per block, when each row has {@code width + n} doubles} */
    static int rowsPerBlock(int width, int n) {
        return Math.max(1, BLOCK_DOUBLES / (width + n));
    }

    /**
     * {@code C[m, n] += op(A) B}, row-major arrays from index 0, {@code op(A)} being {@code A [m, k]} or, when {@code
     * transA}, {@code A [k, m]} transposed; only where {@link #takes} and OpenBLAS loaded.
     */
    static void multAdd(boolean transA, int m, int k, int n, double[] a, double[] b, double[] c) {
        NativeBuffers buffers = NativeBuffers.ofThisThread();
        if (transA) {
            multAddTransA(buffers, m, k, n, a, b, c);
        } else {
            multAddPlain(buffers, m, k, n, a, b, c);
        }
    }

    /** B kept whole; blocks of rows of A and C. */
    private static void multAddPlain(NativeBuffers buffers, int m, int k, int n, double[] a, double[] b,
            double[] c) {
        int rows = rowsPerBlock(k, n);
        DoublePointer whole = buffers.get(0, (long) k * n).put(b, 0, k * n);
        DoublePointer left = buffers.get(1, (long) rows * k);
        DoublePointer right = buffers.get(2, (long) rows * n);
        for (int first = 0; first < m; first += rows) {
            int count = Math.min(rows, m - first);
            left.put(a, first * k, count * k);
            right.put(c, first * n, count * n);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, count, n, k, 1.0, left, k, whole, n, 1.0, right, n);
            right.get(c, first * n, count * n);
        }
    }

    /** C kept whole; blocks of rows of A [k, m] and B [k, n] (the sum over k, a block at a time). */
    private static void multAddTransA(NativeBuffers buffers, int m, int k, int n, double[] a, double[] b,
            double[] c) {
        int rows = rowsPerBlock(m, n);
        DoublePointer whole = buffers.get(0, (long) m * n).put(c, 0, m * n);
        DoublePointer left = buffers.get(1, (long) rows * m);
        DoublePointer right = buffers.get(2, (long) rows * n);
        for (int first = 0; first < k; first += rows) {
            int count = Math.min(rows, k - first);
            left.put(a, first * m, count * m);
            right.put(b, first * n, count * n);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                    openblas_nolapack.CblasNoTrans, m, n, count, 1.0, left, m, right, n, 1.0, whole, n);
        }
        whole.get(c, 0, m * n);
    }
}
