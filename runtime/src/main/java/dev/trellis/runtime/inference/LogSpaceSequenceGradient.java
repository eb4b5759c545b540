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
     * Same contract as {@link SequenceGradientPass#run}, over views of the sequence's evidence and marginal rows;
     * {@code logPredictions} is the caller's workspace of at least T rows of K (row t at t * K), overwritten.
     */
    double run(double[] logInit, double[][] logTrans, RowView logEvidence, int numSteps, double[] logPredictions,
               RowView marginalsOut, double[] countsOut, int countsFrom) {
        int k = numStates;
        Arrays.fill(countsOut, countsFrom, countsFrom + k * k, 0.0);
        double first = LogSpaceChainPasses.initialStep(logInit, logEvidence.array(0), logEvidence.offset(0),
                marginalsOut.array(0), marginalsOut.offset(0));
        if (first == Double.NEGATIVE_INFINITY) {
            return impossible(marginalsOut, numSteps);
        }
        logLikelihood.reset();
        logLikelihood.add(first);
        for (int t = 1; t < numSteps; t++) {
            double step = LogSpaceChainPasses.step(logTrans, marginalsOut.array(t - 1), marginalsOut.offset(t - 1),
                    logEvidence.array(t), logEvidence.offset(t), logPredictions, t * k, marginalsOut.array(t),
                    marginalsOut.offset(t));
            if (step == Double.NEGATIVE_INFINITY) {
                return impossible(marginalsOut, numSteps);
            }
            logLikelihood.add(step);
        }
        // The rows hold log-filters; row T-1 is already the log-marginal, earlier rows are smoothed in place.
        for (int t = numSteps - 2; t >= 0; t--) {
            smoothStep(logTrans, marginalsOut.array(t), marginalsOut.offset(t), marginalsOut.array(t + 1),
                    marginalsOut.offset(t + 1), logPredictions, (t + 1) * k, countsOut, countsFrom);
        }
        for (int t = 0; t < numSteps; t++) {
            double[] row = marginalsOut.array(t);
            int at = marginalsOut.offset(t);
            for (int i = 0; i < k; i++) {
                row[at + i] = Math.exp(row[at + i]);
            }
        }
        return logLikelihood.value();
    }

    /** Turns log-filter row t into a log-marginal and adds step t's pairwise marginals to the counts. */
    private void smoothStep(double[][] logTrans, double[] row, int at, double[] nextLogGamma, int nextAt,
                            double[] logPrediction, int predictionAt, double[] countsOut, int countsFrom) {
        int k = numStates;
        for (int j = 0; j < k; j++) {
            // A state that cannot be predicted has gamma = 0 too; it contributes nothing.
            double prediction = logPrediction[predictionAt + j];
            logRatio[j] = prediction == Double.NEGATIVE_INFINITY
                    ? Double.NEGATIVE_INFINITY : nextLogGamma[nextAt + j] - prediction;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logBack[i] = LogSpaceChainPasses.logSumExpOfSum(logTrans[i], logRatio);
            max = Math.max(max, row[at + i] + logBack[i]);
        }
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            double term = row[at + i] + logBack[i];
            sum += term == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(term - max);
        }
        double logS = max + Math.log(sum);
        if (!Double.isFinite(logS)) {
            throw new IllegalStateException("gradient: log-space smoothed row sums to exp(" + logS + ")");
        }
        for (int i = 0; i < k; i++) {
            double filter = row[at + i];
            if (filter == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double[] transRow = logTrans[i];
            for (int j = 0; j < k; j++) {
                double term = filter + transRow[j] + logRatio[j];
                if (term > Double.NEGATIVE_INFINITY) {
                    countsOut[countsFrom + i * k + j] += Math.exp(term - logS);
                }
            }
            row[at + i] = filter + logBack[i] - logS;
        }
    }

    /** Zero marginals for impossible evidence (counts are already zero); returns {@code -Infinity}. */
    private double impossible(RowView marginalsOut, int numSteps) {
        for (int t = 0; t < numSteps; t++) {
            int at = marginalsOut.offset(t);
            Arrays.fill(marginalsOut.array(t), at, at + numStates, 0.0);
        }
        return Double.NEGATIVE_INFINITY;
    }
}
