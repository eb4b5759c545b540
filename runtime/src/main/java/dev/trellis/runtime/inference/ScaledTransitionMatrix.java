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
 */
final class ScaledTransitionMatrix {

    /** K x K, entries in [0, 1], each column's maximum is 1 unless the column is all zero. Never modified. */
    final DMatrixRMaj scaled;
    /** The K column log-scales; {@code -Infinity} for a state that cannot be entered. Never modified. */
    final double[] columnLogScale;
    /** Whether every possible transition has a scaled weight of at least the precision floor. */
    final boolean keepsPrecision;

    private ScaledTransitionMatrix(DMatrixRMaj scaled, double[] columnLogScale, boolean keepsPrecision) {
        this.scaled = scaled;
        this.columnLogScale = columnLogScale;
        this.keepsPrecision = keepsPrecision;
    }

    /**
     * Exponentiates a validated K x K log-transition table; the table is not modified.
     *
     * @param logTrans {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)} or any log-potential; no NaN, no
     *     {@code +Infinity}
     * @return the scaled matrix
     */
    static ScaledTransitionMatrix of(double[][] logTrans) {
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
     * The one-step prediction {@code out = scaled^T alpha}, i.e. {@code out[j] = sum_i alpha[i] scaled[i][j]}, summed
     * over i in order as EJML's {@code multTransA} does, but on plain arrays, so that the passes can predict from one
     * row of their T x K buffers into another without copying into a vector first.
     *
     * @param alpha K entries; not modified
     * @param out modified: K entries, must not be {@code alpha}
     */
    void predict(double[] alpha, double[] out) {
        int k = columnLogScale.length;
        double[] weights = scaled.data;
        double first = alpha[0];
        for (int j = 0; j < k; j++) {
            out[j] = first * weights[j];
        }
        for (int i = 1; i < k; i++) {
            double a = alpha[i];
            int row = i * k;
            for (int j = 0; j < k; j++) {
                out[j] += a * weights[row + j];
            }
        }
    }

    /**
     * The backward product {@code out = scaled ratio}, i.e. {@code out[i] = sum_j scaled[i][j] ratio[j]}, summed over
     * j in order as EJML's {@code mult} does.
     *
     * @param ratio K entries; not modified
     * @param offset where the K entries of {@code ratio} start
     * @param out modified: K entries
     */
    void pullBack(double[] ratio, int offset, double[] out) {
        int k = columnLogScale.length;
        double[] weights = scaled.data;
        for (int i = 0; i < k; i++) {
            int row = i * k;
            double total = weights[row] * ratio[offset];
            for (int j = 1; j < k; j++) {
                total += weights[row + j] * ratio[offset + j];
            }
            out[i] = total;
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
