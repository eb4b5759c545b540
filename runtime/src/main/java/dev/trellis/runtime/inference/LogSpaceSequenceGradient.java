package dev.trellis.runtime.inference;

import java.util.Arrays;

/**
 * One sequence's log-likelihood, marginals and expected transition counts in log space: the fallback of
 * {@link SequenceGradientPass} for sequences whose probabilities span more than double range within a step.
 *
 * <p>The recursions are those of the scaled pass with products turned into sums of logs: filters from
 * {@link LogSpaceChainPasses#step}, {@code logRatio_{t+1}(j) = logGamma_{t+1}(j) - logPred_{t+1}(j)},
 * {@code logBack_t(i) = logSumExp_j(logTrans(i, j) + logRatio_{t+1}(j))}, {@code logS_t = logSumExp_i(logAlpha_t(i)
 * + logBack_t(i))}, marginals {@code logAlpha_t + logBack_t - logS_t} and pairwise marginals
 * {@code exp(logAlpha_t(i) + logTrans(i, j) + logRatio_{t+1}(j) - logS_t)}. That costs K^2 exponentials per step
 * instead of one matrix product, which is why it is only the fallback. Every sum skips {@code -Infinity} terms
 * explicitly, so no {@code -inf - -inf} is ever formed. Not thread-safe: owned by one {@link SequenceGradientPass}.
 */
final class LogSpaceSequenceGradient {

    private final int numStates;
    private final double[] logRatio;
    private final double[] logBack;
    private final CompensatedSum logLikelihood = new CompensatedSum();

    LogSpaceSequenceGradient(int numStates) {
        this.numStates = numStates;
        this.logRatio = new double[numStates];
        this.logBack = new double[numStates];
    }

    /**
     * Same contract as {@link SequenceGradientPass#run}; {@code logPredictions} is the caller's workspace of at
     * least T rows of K, overwritten.
     */
    double run(double[] logInit, double[][] logTrans, double[][] logEvidence, double[][] logPredictions,
               double[][] marginalsOut, double[] countsOut) {
        int k = numStates;
        int numSteps = logEvidence.length;
        Arrays.fill(countsOut, 0, k * k, 0.0);
        double first = LogSpaceChainPasses.initialStep(logInit, logEvidence[0], marginalsOut[0]);
        if (first == Double.NEGATIVE_INFINITY) {
            return impossible(marginalsOut);
        }
        logLikelihood.reset();
        logLikelihood.add(first);
        for (int t = 1; t < numSteps; t++) {
            double step = LogSpaceChainPasses.step(logTrans, marginalsOut[t - 1], logEvidence[t], logPredictions[t],
                    marginalsOut[t]);
            if (step == Double.NEGATIVE_INFINITY) {
                return impossible(marginalsOut);
            }
            logLikelihood.add(step);
        }
        // marginalsOut holds log-filters; row T-1 is already the log-marginal, earlier rows are smoothed in place.
        for (int t = numSteps - 2; t >= 0; t--) {
            smoothStep(logTrans, marginalsOut[t], marginalsOut[t + 1], logPredictions[t + 1], countsOut);
        }
        for (double[] row : marginalsOut) {
            for (int i = 0; i < k; i++) {
                row[i] = Math.exp(row[i]);
            }
        }
        return logLikelihood.value();
    }

    /** Turns log-filter {@code row} into a log-marginal and adds step t's pairwise marginals to the counts. */
    private void smoothStep(double[][] logTrans, double[] row, double[] nextLogGamma, double[] logPrediction,
                            double[] countsOut) {
        int k = numStates;
        for (int j = 0; j < k; j++) {
            // A state that cannot be predicted has gamma = 0 too; it contributes nothing.
            logRatio[j] = logPrediction[j] == Double.NEGATIVE_INFINITY
                    ? Double.NEGATIVE_INFINITY : nextLogGamma[j] - logPrediction[j];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logBack[i] = LogSpaceChainPasses.logSumExpOfSum(logTrans[i], logRatio);
            max = Math.max(max, row[i] + logBack[i]);
        }
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            double term = row[i] + logBack[i];
            sum += term == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(term - max);
        }
        double logS = max + Math.log(sum);
        if (!Double.isFinite(logS)) {
            throw new IllegalStateException("gradient: log-space smoothed row sums to exp(" + logS + ")");
        }
        for (int i = 0; i < k; i++) {
            if (row[i] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double[] transRow = logTrans[i];
            for (int j = 0; j < k; j++) {
                double term = row[i] + transRow[j] + logRatio[j];
                if (term > Double.NEGATIVE_INFINITY) {
                    countsOut[i * k + j] += Math.exp(term - logS);
                }
            }
            row[i] = row[i] + logBack[i] - logS;
        }
    }

    /** Zero marginals for impossible evidence (counts are already zero); returns {@code -Infinity}. */
    private static double impossible(double[][] marginalsOut) {
        for (double[] row : marginalsOut) {
            Arrays.fill(row, 0.0);
        }
        return Double.NEGATIVE_INFINITY;
    }
}
