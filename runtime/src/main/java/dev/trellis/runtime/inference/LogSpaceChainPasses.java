package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.Arrays;

/**
 * The forward filter, posterior marginals and posterior sampling in log space: the fallback for chains whose
 * probabilities span more than double range within one step.
 *
 * <p>The scaled passes are exact only while every live probability they carry stays a normal double (see
 * {@link ScaledForwardKernels#PRECISION_FLOOR}). A state can fall far below that and still matter later: with
 * a fixed state (identity transitions), one outlier that favours state 0 by e^800 would flush state 1 to 0,
 * and 200 later observations favouring state 1 by e^5 each could no longer bring it back, so the scaled pass
 * would report a log-likelihood 200 nats too low (or call possible evidence impossible). Log space has no such
 * limit, at the price of K^2 exponentials per step, so it is used only for the steps or calls that need it.
 *
 * <p>The recursions are the scaled ones with every product a sum of logs: filters normalised so that
 * {@code logSumExp(logAlpha_t) = 0}, one-step predictions {@code logPred_t(j) = logSumExp_i(logAlpha_{t-1}(i)
 * + logTrans(i, j))}, and marginals by the same ratio form as {@link ScaledForwardBackward}.
 */
final class LogSpaceChainPasses {

    private LogSpaceChainPasses() {
    }

    /**
     * Step 0 in log space.
     *
     * @param logAlphaOut modified: the normalised log-filter, or all {@code -Infinity} when the step has zero mass
     * @return {@code log p(x_0)}, or {@code -Infinity}
     */
    static double initialStep(double[] logInit, double[] logEvidence, double[] logAlphaOut) {
        return initialStep(logInit, logEvidence, 0, logAlphaOut, 0);
    }

    /** {@link #initialStep(double[], double[], double[])} on rows that start at the given offsets. */
    static double initialStep(double[] logInit, double[] logEvidence, int evidenceAt, double[] logAlphaOut,
                              int alphaAt) {
        for (int j = 0; j < logInit.length; j++) {
            logAlphaOut[alphaAt + j] = logInit[j] + logEvidence[evidenceAt + j];
        }
        return normalise(logAlphaOut, alphaAt, logInit.length);
    }

    /**
     * Step t >= 1 in log space.
     *
     * @param logAlphaPrevious the normalised log-filter of step t-1; not modified
     * @param logPredictedOut modified: the one-step log-prediction of step t
     * @param logAlphaOut modified: the normalised log-filter of step t (all {@code -Infinity} when the step has zero
     *     mass); may be {@code logAlphaPrevious} itself
     * @return {@code log p(x_t | x_0..x_{t-1})}, or {@code -Infinity}
     */
    static double step(double[][] logTrans, double[] logAlphaPrevious, double[] logEvidence, double @Nullable [] logPredictedOut,
                       double[] logAlphaOut) {
        return step(logTrans, logAlphaPrevious, 0, logEvidence, 0, logPredictedOut, 0, logAlphaOut, 0);
    }

    /**
     * {@link #step(double[][], double[], double[], double[], double[])} on rows that start at the given offsets of
     * larger arrays.
     */
    static double step(double[][] logTrans, double[] logAlphaPrevious, int previousAt, double[] logEvidence,
                       int evidenceAt, double[] logPredictedOut, int predictedAt, double[] logAlphaOut, int alphaAt) {
        int k = logTrans.length;
        for (int j = 0; j < k; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, logAlphaPrevious[previousAt + i] + logTrans[i][j]);
            }
            double sum = 0.0;
            if (max > Double.NEGATIVE_INFINITY) {
                for (int i = 0; i < k; i++) {
                    sum += Math.exp(logAlphaPrevious[previousAt + i] + logTrans[i][j] - max);
                }
            }
            logPredictedOut[predictedAt + j] = max + Math.log(sum);   // -inf + log 0 = -inf, never NaN
        }
        for (int j = 0; j < k; j++) {
            logAlphaOut[alphaAt + j] = logPredictedOut[predictedAt + j] + logEvidence[evidenceAt + j];
        }
        return normalise(logAlphaOut, alphaAt, k);
    }

    /**
     * Runs the whole log-space forward pass.
     *
     * @param logAlphaOut modified: T x K log-filters
     * @param logPredictedOut modified unless null: T x K, row t >= 1 receives the log-prediction of step t
     * @return the first step with zero mass, or -1 when the evidence is possible
     */
    static int filter(double[] logInit, double[][] logTrans, double[][] logEvidence, double[][] logAlphaOut,
                      double @Nullable [][] logPredictedOut) {
        return filter(logInit, logTrans, new RowView().rows(logEvidence), logEvidence.length, logAlphaOut,
                logPredictedOut);
    }

    /** {@link #filter(double[], double[][], double[][], double[][], double[][])} over a view of T rows. */
    static int filter(double[] logInit, double[][] logTrans, RowView logEvidence, int numSteps,
                      double[][] logAlphaOut, double @Nullable [][] logPredictedOut) {
        if (initialStep(logInit, logEvidence.array(0), logEvidence.offset(0), logAlphaOut[0], 0)
                == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        double[] scratch = logPredictedOut == null ? new double[logInit.length] : null;
        for (int t = 1; t < numSteps; t++) {
            double[] predicted = logPredictedOut == null ? scratch : logPredictedOut[t];
            if (step(logTrans, logAlphaOut[t - 1], 0, logEvidence.array(t), logEvidence.offset(t), predicted, 0,
                    logAlphaOut[t], 0) == Double.NEGATIVE_INFINITY) {
                return t;
            }
        }
        return -1;
    }

    /**
     * Posterior marginals in log space, returned as probabilities.
     *
     * @return a new T x K array whose rows sum to 1
     * @throws ImpossibleEvidenceException naming the first step with zero mass
     */
    static double[][] marginals(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int numSteps = logEvidence.length;
        int k = logInit.length;
        double[][] logGamma = new double[numSteps][k];
        double[][] logPredicted = new double[numSteps][k];
        int impossible = filter(logInit, logTrans, logEvidence, logGamma, logPredicted);
        if (impossible >= 0) {
            throw new ImpossibleEvidenceException(impossible, "marginals");
        }
        double[] logRatio = new double[k];
        for (int t = numSteps - 2; t >= 0; t--) {
            for (int j = 0; j < k; j++) {
                // A state that cannot be predicted has gamma = 0 too; it contributes nothing.
                logRatio[j] = logPredicted[t + 1][j] == Double.NEGATIVE_INFINITY
                        ? Double.NEGATIVE_INFINITY : logGamma[t + 1][j] - logPredicted[t + 1][j];
            }
            double[] row = logGamma[t];
            for (int i = 0; i < k; i++) {
                if (row[i] > Double.NEGATIVE_INFINITY) {
                    row[i] += logSumExpOfSum(logTrans[i], logRatio);
                }
            }
            normalise(row);
        }
        for (double[] row : logGamma) {
            for (int i = 0; i < k; i++) {
                row[i] = Math.exp(row[i]);
            }
        }
        return logGamma;
    }

    /**
     * One exact posterior path by forward-filtering backward-sampling in log space; T categorical draws.
     *
     * @throws ImpossibleEvidenceException naming the first step with zero mass
     */
    static int[] samplePosterior(double[] logInit, double[][] logTrans, double[][] logEvidence, Rng rng) {
        return samplePosterior(logInit, logTrans, new RowView().rows(logEvidence), logEvidence.length, rng);
    }

    /** {@link #samplePosterior(double[], double[][], double[][], Rng)} over a view of T rows. */
    static int[] samplePosterior(double[] logInit, double[][] logTrans, RowView logEvidence, int numSteps, Rng rng) {
        int k = logInit.length;
        double[][] logAlpha = new double[numSteps][k];
        int impossible = filter(logInit, logTrans, logEvidence, numSteps, logAlpha, null);
        if (impossible >= 0) {
            throw new ImpossibleEvidenceException(impossible, "samplePosterior");
        }
        double[] weights = new double[k];
        int[] path = new int[numSteps];
        path[numSteps - 1] = rng.categorical(expRelativeToMax(logAlpha[numSteps - 1], null, 0, weights));
        for (int t = numSteps - 2; t >= 0; t--) {
            path[t] = rng.categorical(expRelativeToMax(logAlpha[t], logTrans, path[t + 1], weights));
        }
        return path;
    }

    /** Subtracts the log-sum-exp from every entry in place and returns it ({@code -Infinity} if all are). */
    private static double normalise(double[] logWeights) {
        return normalise(logWeights, 0, logWeights.length);
    }

    /** {@link #normalise(double[])} on the k entries from {@code at}. */
    private static double normalise(double[] logWeights, int at, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = at; j < at + k; j++) {
            max = Math.max(max, logWeights[j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int j = at; j < at + k; j++) {
            sum += Math.exp(logWeights[j] - max);
        }
        double logNormaliser = max + Math.log(sum);
        for (int j = at; j < at + k; j++) {
            logWeights[j] -= logNormaliser;
        }
        return logNormaliser;
    }

    /** Returns {@code log sum_j exp(a[j] + b[j])}, {@code -Infinity} if every term is. */
    static double logSumExpOfSum(double[] a, double[] b) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < a.length; j++) {
            max = Math.max(max, a[j] + b[j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int j = 0; j < a.length; j++) {
            sum += Math.exp(a[j] + b[j] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Fills {@code out} with {@code exp(w_i - max w)}, where {@code w_i = logAlpha[i] + logTrans[i][to]} (or just
     * {@code logAlpha[i]} when {@code logTrans} is null), and returns it.
     */
    private static double[] expRelativeToMax(double[] logAlpha, double @Nullable [][] logTrans, int to, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logAlpha.length; i++) {
            out[i] = logTrans == null ? logAlpha[i] : logAlpha[i] + logTrans[i][to];
            max = Math.max(max, out[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            // Cannot happen for a state drawn with positive probability; all-zero weights fail the draw loudly.
            Arrays.fill(out, 0.0);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(out[i] - max);
        }
        return out;
    }
}
