package dev.trellis.runtime.inference;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A transition matrix moved from log space to probability space once, with one log-scale per column so that
 * no entry overflows or needlessly underflows.
 *
 * <p>{@code scaled[i][j] = exp(logTrans[i][j] - columnLogScale[j])} with {@code columnLogScale[j] =
 * max_i logTrans[i][j]}, so every column's largest entry is exactly 1 (a column of all {@code -Infinity} is all
 * 0 and its scale {@code -Infinity}). The true transition weight is {@code scaled[i][j] * exp(columnLogScale[j])};
 * the forward step folds {@code columnLogScale[j]} into state j's log-evidence, where it costs one addition.
 * Scaling by columns rather than by rows is what makes that folding possible: a column factor multiplies the
 * predicted mass of one target state, which is exactly where the evidence of that state enters. For
 * log-probability rows the scales are close to 0 and change nothing; they matter for log-potentials of large
 * magnitude (e.g. all around -1000), which plain {@code exp} would turn into a zero matrix.
 *
 * <p>A column whose entries span more than {@link ScaledForwardKernels#PRECISION_FLOOR} (transition ratios
 * beyond about e^346 into the same state) cannot be carried in scaled space without losing precision;
 * {@link #keepsPrecision} records that, and the kernels then work in log space.
 *
 * <p>Immutable, so thread-safe.
 */
public final class ScaledTransitionMatrix {

    /** K x K, entries in [0, 1], each column's maximum is 1 unless the column is all zero. Never modified. */
    final DMatrixRMaj scaled;
    /** The K column log-scales; {@code -Infinity} for a state that cannot be entered. Never modified. */
    final double[] columnLogScale;
    /** Whether every possible transition has a scaled weight of at least the precision floor. */
    final boolean keepsPrecision;
    /** {@code scaled} transposed, row-major: {@code transposed[j * K + i] = scaled[i][j]}. */
    private final double[] transposed;

    private ScaledTransitionMatrix(DMatrixRMaj scaled, double[] columnLogScale, boolean keepsPrecision) {
        this.scaled = scaled;
        this.columnLogScale = columnLogScale;
        this.keepsPrecision = keepsPrecision;
        int k = columnLogScale.length;
        this.transposed = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                transposed[j * k + i] = scaled.data[i * k + j];
            }
        }
    }

    /**
     * Exponentiates a validated K x K log-transition table; the table is not modified.
     *
     * @param logTrans {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)} or any log-potential; no NaN, no
     *     {@code +Infinity}
     * @return the scaled matrix
     */
    public static ScaledTransitionMatrix of(double[][] logTrans) {
        int k = logTrans.length;
        double[] columnLogScale = new double[k];
        Arrays.fill(columnLogScale, Double.NEGATIVE_INFINITY);
        for (double[] row : logTrans) {
            for (int j = 0; j < k; j++) {
                columnLogScale[j] = Math.max(columnLogScale[j], row[j]);
            }
        }
        DMatrixRMaj scaled = new DMatrixRMaj(k, k);
        boolean keepsPrecision = true;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                // A -Infinity column scale means the whole column is -Infinity: weight 0, and no -inf - -inf.
                double weight = columnLogScale[j] == Double.NEGATIVE_INFINITY
                        ? 0.0 : Math.exp(logTrans[i][j] - columnLogScale[j]);
                scaled.unsafe_set(i, j, weight);
                if (logTrans[i][j] > Double.NEGATIVE_INFINITY && weight < ScaledForwardKernels.PRECISION_FLOOR) {
                    keepsPrecision = false;
                }
            }
        }
        return new ScaledTransitionMatrix(scaled, columnLogScale, keepsPrecision);
    }

    /**
     * The one-step prediction {@code out = scaled^T alpha}, i.e. {@code out[j] = sum_i alpha[i] scaled[i][j]}, on
     * plain arrays, so that the passes can predict from one row of their T x K buffers into another without copying
     * into an EJML vector first.
     *
     * @param alpha K entries; not modified
     * @param out modified: K entries, must not be {@code alpha}
     */
    void predict(double[] alpha, double[] out) {
        addScaledRows(scaled.data, k(), alpha, 0, out, 0);
    }

    /** {@link #predict(double[], double[])} for rows that start at the given offsets of larger arrays. */
    void predict(double[] alpha, int alphaOffset, double[] out, int outOffset) {
        addScaledRows(scaled.data, k(), alpha, alphaOffset, out, outOffset);
    }

    /**
     * The backward product {@code out = scaled ratio}, i.e. {@code out[i] = sum_j scaled[i][j] ratio[j]}. It runs as
     * scaled additions of the rows of the transpose rather than K dot products, so that the K sums are independent
     * of each other (the JIT does not reorder the serial sum of a dot product).
     *
     * @param ratio K entries; not modified
     * @param offset where the K entries of {@code ratio} start
     * @param out modified: K entries
     */
    void pullBack(double[] ratio, int offset, double[] out) {
        addScaledRows(transposed, k(), ratio, offset, out, 0);
    }

    private int k() {
        return columnLogScale.length;
    }

    /**
     * {@code out = sum_i x[offset + i] * rows[i]} for a k x k row-major {@code rows}, four rows per pass over
     * {@code out}: one load and store of {@code out[j]} per four multiply-adds instead of per one, which made the
     * chain's gradient ~10% faster at K = 16. Rows are added in order, four at a time. {@code out} is written at
     * {@code out[at .. at + k)}. The pass is unrolled by eight by hand: the JIT's own unrolling leaves a 16-long row
     * mostly to its scalar pre- and post-loops (see {@code RowKernels}); each entry's operations are unchanged.
     */
    static void addScaledRows(double[] rows, int k, double[] x, int offset, double[] out, int at) {
        Arrays.fill(out, at, at + k, 0.0);
        int i = 0;
        for (; i + 4 <= k; i += 4) {
            double x0 = x[offset + i];
            double x1 = x[offset + i + 1];
            double x2 = x[offset + i + 2];
            double x3 = x[offset + i + 3];
            int r0 = i * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            int j = 0;
            for (; j + 8 <= k; j += 8) {
                out[at + j] += (x0 * rows[r0 + j] + x1 * rows[r1 + j]) + (x2 * rows[r2 + j] + x3 * rows[r3 + j]);
                out[at + j + 1] += (x0 * rows[r0 + j + 1] + x1 * rows[r1 + j + 1])
                        + (x2 * rows[r2 + j + 1] + x3 * rows[r3 + j + 1]);
                out[at + j + 2] += (x0 * rows[r0 + j + 2] + x1 * rows[r1 + j + 2])
                        + (x2 * rows[r2 + j + 2] + x3 * rows[r3 + j + 2]);
                out[at + j + 3] += (x0 * rows[r0 + j + 3] + x1 * rows[r1 + j + 3])
                        + (x2 * rows[r2 + j + 3] + x3 * rows[r3 + j + 3]);
                out[at + j + 4] += (x0 * rows[r0 + j + 4] + x1 * rows[r1 + j + 4])
                        + (x2 * rows[r2 + j + 4] + x3 * rows[r3 + j + 4]);
                out[at + j + 5] += (x0 * rows[r0 + j + 5] + x1 * rows[r1 + j + 5])
                        + (x2 * rows[r2 + j + 5] + x3 * rows[r3 + j + 5]);
                out[at + j + 6] += (x0 * rows[r0 + j + 6] + x1 * rows[r1 + j + 6])
                        + (x2 * rows[r2 + j + 6] + x3 * rows[r3 + j + 6]);
                out[at + j + 7] += (x0 * rows[r0 + j + 7] + x1 * rows[r1 + j + 7])
                        + (x2 * rows[r2 + j + 7] + x3 * rows[r3 + j + 7]);
            }
            for (; j < k; j++) {
                out[at + j] += (x0 * rows[r0 + j] + x1 * rows[r1 + j]) + (x2 * rows[r2 + j] + x3 * rows[r3 + j]);
            }
        }
        for (; i < k; i++) {
            double xi = x[offset + i];
            int row = i * k;
            for (int j = 0; j < k; j++) {
                out[at + j] += xi * rows[row + j];
            }
        }
    }

    /** Returns the number of states K. */
    int numStates() {
        return columnLogScale.length;
    }

    /** Returns {@code scaled[from][to]}, proportional over {@code from} to the true transition weight into {@code to}. */
    double scaledWeight(int from, int to) {
        return scaled.unsafe_get(from, to);
    }
}
