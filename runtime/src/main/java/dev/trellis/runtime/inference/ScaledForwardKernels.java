package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;

/**
 * The forward recursion in scaled probability space, one step at a time, in the manner of EJML kernels:
 * inputs first, outputs last, no allocation, and the javadoc says what is modified.
 *
 * <p>After each step the filtered vector {@code alpha_t(k) = p(z_t = k | x_0..x_t)} sums to 1 and the step
 * returns {@code log p(x_t | x_0..x_{t-1})}, the log of the normaliser; the log-likelihood is the sum of those.
 * Evidence enters as {@code exp(logEvidence[k] + columnLogScale[k] - m)}, where {@code m} is that exponent for
 * the leading state: the largest one among the states the chain can actually be in (predicted mass
 * {@code > 0}). Taking the lead over reachable states only, not over the whole row, matters: with evidence
 * {@code [0, -800]} and state 0 unreachable, a whole-row maximum would flush state 1's {@code exp(-800)} to 0
 * and report possible evidence as impossible. Every exponent is then {@code <= 0}, so nothing overflows, and
 * the leading state contributes {@code predicted * 1 > 0}, so the normaliser of possible evidence is never 0.
 *
 * <p>The exponent is evaluated as {@code (logEvidence[k] - logEvidence[lead]) + (columnLogScale[k] -
 * columnLogScale[lead])}, not as {@code (logEvidence[k] + columnLogScale[k]) - m}: log-evidence of large
 * magnitude (say -3e4 for an outlier under a narrow density) would otherwise be rounded to ulp(3e4) ~ 4e-12
 * before the subtraction and cost every probability that much relative accuracy, while differences of
 * nearby large values are exact (Sterbenz) and keep full precision.
 *
 * <p>Precision invariant: every live filtered probability, every step normaliser and every possible scaled
 * transition weight is at least {@link #PRECISION_FLOOR} = 2^-500. Then every product in the prediction is at
 * least 2^-1000, a normal double, so each operation rounds by at most one ulp and nothing is flushed to 0. A
 * step that would break the invariant returns {@link #LOSES_PRECISION} instead of a result, and the caller
 * redoes it in log space ({@link LogSpaceChainPasses}); this is what keeps a state that is e^-800 unlikely
 * now but decisive later from being silently dropped. Zero mass is still reported as {@code -Infinity}
 * without ever forming {@code 0/0} or {@code -inf - -inf}: the lead starts at {@code -Infinity} (not at
 * EJML's {@code -Double.MAX_VALUE}) and only finite scores can take it.
 */
final class ScaledForwardKernels {

    /** The smallest live probability the scaled passes carry: 2^-500, so products of two stay normal. */
    static final double PRECISION_FLOOR = 0x1p-500;

    /** Returned instead of a log-normaliser by a step that would break the precision invariant. */
    static final double LOSES_PRECISION = Double.NaN;

    /** Returned by {@link #filter} when some step had to leave scaled space. */
    static final int NEEDS_LOG_SPACE = -2;

    private ScaledForwardKernels() {
    }

    /** Tells whether a step's result is {@link #LOSES_PRECISION} rather than a log-normaliser. */
    static boolean losesPrecision(double stepResult) {
        return Double.isNaN(stepResult);
    }

    /**
     * Step 0: filters the initial distribution by the first evidence.
     *
     * @param logInit the K initial log-probabilities; not modified
     * @param logEvidence the K log-likelihoods of step 0; not modified
     * @param alphaOut modified: the normalised filtered distribution, or all 0 when the step has zero mass
     *     (undefined when the step loses precision)
     * @return {@code log p(x_0)}, {@code -Infinity} when every state is ruled out, or {@link #LOSES_PRECISION}
     */
    static double initialStep(double[] logInit, double[] logEvidence, double[] alphaOut) {
        return initialStep(logInit, logEvidence, 0, alphaOut, 0);
    }

    /** {@link #initialStep(double[], double[], double[])} on rows that start at the given offsets. */
    static double initialStep(double[] logInit, double[] logEvidence, int evidenceAt, double[] alphaOut,
                              int alphaAt) {
        int k = logInit.length;
        int lead = -1;
        double leadScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            double score = logInit[j] + logEvidence[evidenceAt + j];
            if (score > leadScore) {
                leadScore = score;
                lead = j;
            }
        }
        if (lead < 0) {
            Arrays.fill(alphaOut, alphaAt, alphaAt + k, 0.0);
            return Double.NEGATIVE_INFINITY;
        }
        double initRef = logInit[lead];
        double evidenceRef = logEvidence[evidenceAt + lead];
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            double weight = Math.exp((logInit[j] - initRef) + (logEvidence[evidenceAt + j] - evidenceRef));
            alphaOut[alphaAt + j] = weight;
            sum += weight;
        }
        for (int j = 0; j < k; j++) {
            alphaOut[alphaAt + j] /= sum;
        }
        for (int j = 0; j < k; j++) {
            if (alphaOut[alphaAt + j] < PRECISION_FLOOR && logInit[j] + logEvidence[evidenceAt + j]
                    > Double.NEGATIVE_INFINITY) {
                return LOSES_PRECISION;
            }
        }
        return (initRef + evidenceRef) + Math.log(sum);
    }

    /**
     * Step t >= 1: predicts through the transition matrix ({@link ScaledTransitionMatrix#predict}), then filters by
     * the evidence.
     *
     * @param trans the scaled transition matrix, which must keep precision; not modified
     * @param previousAlpha the K normalised filtered probabilities of step t-1, satisfying the invariant; not
     *     modified
     * @param logEvidence the K log-likelihoods of step t; not modified
     * @param predicted modified: K entries, left holding {@code scaled^T * previousAlpha}, the one-step
     *     prediction up to the column scales (the marginals pass keeps it)
     * @param alphaOut modified: the normalised filtered distribution of step t, or all 0 when the step has zero
     *     mass (undefined when the step loses precision); must not be {@code previousAlpha.data} if the caller
     *     needs to redo a lossy step
     * @return {@code log p(x_t | x_0..x_{t-1})}, {@code -Infinity} when every state is ruled out, or
     *     {@link #LOSES_PRECISION}
     */
    static double step(ScaledTransitionMatrix trans, double[] previousAlpha, double[] logEvidence,
                       double[] predicted, double[] alphaOut) {
        return step(trans, previousAlpha, 0, logEvidence, 0, predicted, 0, alphaOut, 0);
    }

    /**
     * {@link #step(ScaledTransitionMatrix, double[], double[], double[], double[])} on rows that start at the given
     * offsets of larger arrays (the previous filter and the output must not overlap).
     */
    static double step(ScaledTransitionMatrix trans, double[] previousAlpha, int previousAt, double[] logEvidence,
                       int evidenceAt, double[] predicted, int predictedAt, double[] alphaOut, int alphaAt) {
        trans.predict(previousAlpha, previousAt, predicted, predictedAt);
        int k = trans.numStates();
        double[] mass = predicted;
        double[] columnLogScale = trans.columnLogScale;
        int lead = -1;
        double leadScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (mass[predictedAt + j] > 0.0) {
                double score = logEvidence[evidenceAt + j] + columnLogScale[j];
                if (score > leadScore) {
                    leadScore = score;
                    lead = j;
                }
            }
        }
        if (lead < 0) {
            Arrays.fill(alphaOut, alphaAt, alphaAt + k, 0.0);
            return Double.NEGATIVE_INFINITY;
        }
        double evidenceRef = logEvidence[evidenceAt + lead];
        double scaleRef = columnLogScale[lead];
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            double m = mass[predictedAt + j];
            // mass == 0 may come with an infinite exponent; skipping it keeps 0 * inf out.
            double weight = m > 0.0
                    ? m * Math.exp((logEvidence[evidenceAt + j] - evidenceRef) + (columnLogScale[j] - scaleRef))
                    : 0.0;
            alphaOut[alphaAt + j] = weight;
            sum += weight;
        }
        if (sum < PRECISION_FLOOR) {
            return LOSES_PRECISION;
        }
        // Normalise and check the floor in one pass: a live state (predicted and not ruled out by the evidence)
        // below the floor is what scaled space cannot carry.
        boolean lossy = false;
        for (int j = 0; j < k; j++) {
            double alpha = alphaOut[alphaAt + j] / sum;
            alphaOut[alphaAt + j] = alpha;
            lossy |= alpha < PRECISION_FLOOR && mass[predictedAt + j] > 0.0
                    && logEvidence[evidenceAt + j] > Double.NEGATIVE_INFINITY;
        }
        return lossy ? LOSES_PRECISION : (evidenceRef + scaleRef) + Math.log(sum);
    }

    /**
     * Runs the whole forward pass, keeping every filtered vector (and optionally every prediction).
     *
     * @param trans the scaled transition matrix; not modified
     * @param logInit the K initial log-probabilities; not modified
     * @param logEvidence T x K log-likelihoods; not modified
     * @param alphaOut modified: T x K, row t receives the filtered distribution of step t (rows after an
     *     impossible or lossy step are left untouched)
     * @param predictedOut modified unless null: T x K, row t >= 1 receives the one-step prediction of step t
     * @return the first step with zero mass, -1 when the evidence is possible, or {@link #NEEDS_LOG_SPACE} when
     *     some step (or the transition matrix) would lose precision and the outputs are unusable
     */
    static int filter(ScaledTransitionMatrix trans, double[] logInit, double[][] logEvidence, double[][] alphaOut,
                      double @Nullable [][] predictedOut) {
        return filter(trans, logInit, new RowView().rows(logEvidence), logEvidence.length, alphaOut, predictedOut);
    }

    /** {@link #filter(ScaledTransitionMatrix, double[], double[][], double[][], double[][])} over a view of T rows. */
    static int filter(ScaledTransitionMatrix trans, double[] logInit, RowView logEvidence, int numSteps,
                      double[][] alphaOut, double @Nullable [][] predictedOut) {
        if (!trans.keepsPrecision) {
            return NEEDS_LOG_SPACE;
        }
        int k = trans.numStates();
        double first = initialStep(logInit, logEvidence.array(0), logEvidence.offset(0), alphaOut[0], 0);
        if (first == Double.NEGATIVE_INFINITY || losesPrecision(first)) {
            return losesPrecision(first) ? NEEDS_LOG_SPACE : 0;
        }
        double[] predicted = new double[k];
        for (int t = 1; t < numSteps; t++) {
            double result = step(trans, alphaOut[t - 1], 0, logEvidence.array(t), logEvidence.offset(t), predicted, 0,
                    alphaOut[t], 0);
            if (losesPrecision(result)) {
                return NEEDS_LOG_SPACE;
            }
            if (result == Double.NEGATIVE_INFINITY) {
                return t;
            }
            if (predictedOut != null) {
                System.arraycopy(predicted, 0, predictedOut[t], 0, k);
            }
        }
        return -1;
    }
}
