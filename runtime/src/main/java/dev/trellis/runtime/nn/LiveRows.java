package dev.trellis.runtime.nn;

import org.jspecify.annotations.Nullable;

/**
 * The rows of a layer's backward pass that carry a gradient. A batch whose members are masked out of the loss (a
 * ragged mini-batch's finished sequences, run along with the others and masked out of every log-density) sends back
 * adjoint rows that are exactly zero; their share of {@code dx = g W} and {@code dW = g^T x} is zero, so the products
 * can run on the other rows alone. A zero row still counts where skipping it would change a value: where the input
 * row holds an infinity or NaN ({@code 0 x inf} is NaN in the full product), and nowhere when the weight does (the
 * caller's check).
 */
final class LiveRows {

    private LiveRows() {
    }

    /**
     * {@return the rows {@code r < rows} of {@code g [rows, out]} with an entry other than 0 (NaN included) or whose
     * row of {@code x [rows, in]} is not all finite, in order; null when that is every row}
     */
    static int @Nullable [] of(double[] g, int rows, int out, double[] x, int in) {
        int[] live = new int[rows];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (!isZero(g, r * out, out) || !isFinite(x, r * in, in)) {
                live[count++] = r;
            }
        }
        return count == rows ? null : java.util.Arrays.copyOf(live, count);
    }

    /** {@return rows {@code rows} of {@code values [*, width]}, stacked} */
    static double[] gather(double[] values, int[] rows, int width) {
        double[] stacked = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * width, stacked, i * width, width);
        }
        return stacked;
    }

    /** {@code target[rows[i]] += compact[i]}, row by row of {@code width}. */
    static void scatterAdd(double[] compact, int[] rows, int width, double[] target) {
        for (int i = 0; i < rows.length; i++) {
            int from = i * width;
            int to = rows[i] * width;
            for (int j = 0; j < width; j++) {
                target[to + j] += compact[from + j];
            }
        }
    }

    private static boolean isZero(double[] values, int offset, int length) {
        for (int j = offset; j < offset + length; j++) {
            if (values[j] != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@return whether every entry in the range is finite} */
    static boolean isFinite(double[] values, int offset, int length) {
        for (int j = offset; j < offset + length; j++) {
            if (!Double.isFinite(values[j])) {
                return false;
            }
        }
        return true;
    }
}
