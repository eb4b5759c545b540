package dev.trellis.runtime.inference;

/**
 * The naive reference beside the fast chain kernels: textbook forward and backward recursions in log space,
 * written once over a {@link LogSemiring} (sum-product gives likelihoods and marginals, max-product the MAP
 * path). No scaling, no EJML, no shortcuts; slow and obviously right. Its own accuracy: log-alphas grow to
 * {@code |log Z|}, so marginals computed as {@code exp(alpha + beta - logZ)} carry an absolute error of
 * roughly {@code |log Z| * 1e-16}, which tests must allow for on long chains.
 */
final class LogSpaceChainReference {

    private LogSpaceChainReference() {
    }

    /** Returns T x K log-alphas: {@code alpha[t][j] = plus_i (alpha[t-1][i] * trans[i][j]) * evidence[t][j]}. */
    static double[][] forward(LogSemiring ring, double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int k = logInit.length;
        double[][] alpha = new double[logEvidence.length][k];
        for (int j = 0; j < k; j++) {
            alpha[0][j] = ring.times(logInit[j], logEvidence[0][j]);
        }
        for (int t = 1; t < logEvidence.length; t++) {
            forwardStep(ring, alpha[t - 1], logTrans, logEvidence[t], alpha[t]);
        }
        return alpha;
    }

    /** Returns T x K log-betas: {@code beta[t][i] = plus_j trans[i][j] * evidence[t+1][j] * beta[t+1][j]}. */
    static double[][] backward(LogSemiring ring, double[][] logTrans, double[][] logEvidence) {
        int k = logTrans.length;
        int numSteps = logEvidence.length;
        double[][] beta = new double[numSteps][k];
        for (int t = numSteps - 2; t >= 0; t--) {
            for (int i = 0; i < k; i++) {
                double total = LogSemiring.ZERO;
                for (int j = 0; j < k; j++) {
                    total = ring.plus(total, ring.times(logTrans[i][j], ring.times(logEvidence[t + 1][j],
                            beta[t + 1][j])));
                }
                beta[t][i] = total;
            }
        }
        return beta;
    }

    /** Returns the semiring total over all paths (log Z or the max log joint) in O(K) memory. */
    static double total(LogSemiring ring, double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int k = logInit.length;
        double[] alpha = new double[k];
        double[] next = new double[k];
        for (int j = 0; j < k; j++) {
            alpha[j] = ring.times(logInit[j], logEvidence[0][j]);
        }
        for (int t = 1; t < logEvidence.length; t++) {
            forwardStep(ring, alpha, logTrans, logEvidence[t], next);
            double[] swap = alpha;
            alpha = next;
            next = swap;
        }
        return ring.sum(alpha);
    }

    /** Returns {@code log p(x)}. */
    static double logLikelihood(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        return total(LogSemiring.SUM_PRODUCT, logInit, logTrans, logEvidence);
    }

    /** Returns marginals as {@code exp(alpha + beta - logZ)}. */
    static double[][] marginals(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        double[][] alpha = forward(LogSemiring.SUM_PRODUCT, logInit, logTrans, logEvidence);
        double[][] beta = backward(LogSemiring.SUM_PRODUCT, logTrans, logEvidence);
        double logZ = LogSemiring.SUM_PRODUCT.sum(alpha[alpha.length - 1]);
        double[][] marginals = new double[alpha.length][alpha[0].length];
        for (int t = 0; t < alpha.length; t++) {
            for (int k = 0; k < alpha[t].length; k++) {
                marginals[t][k] = Math.exp(alpha[t][k] + beta[t][k] - logZ);
            }
        }
        return marginals;
    }

    /** Returns the MAP path by max-product forward and an argmax backtrack (ties to the lower index). */
    static int[] viterbiPath(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        double[][] alpha = forward(LogSemiring.MAX_PRODUCT, logInit, logTrans, logEvidence);
        int numSteps = alpha.length;
        int[] path = new int[numSteps];
        path[numSteps - 1] = argMax(alpha[numSteps - 1], null, 0);
        for (int t = numSteps - 2; t >= 0; t--) {
            path[t] = argMax(alpha[t], logTrans, path[t + 1]);
        }
        return path;
    }

    private static void forwardStep(LogSemiring ring, double[] previous, double[][] logTrans, double[] logEvidence,
                                    double[] out) {
        for (int j = 0; j < out.length; j++) {
            double total = LogSemiring.ZERO;
            for (int i = 0; i < previous.length; i++) {
                total = ring.plus(total, ring.times(previous[i], logTrans[i][j]));
            }
            out[j] = ring.times(total, logEvidence[j]);
        }
    }

    /** argmax_i of alpha[i] (+ logTrans[i][to] when given), first index on ties. */
    private static int argMax(double[] alpha, double[][] logTrans, int to) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alpha.length; i++) {
            double value = logTrans == null ? alpha[i] : alpha[i] + logTrans[i][to];
            if (value > bestValue) {
                bestValue = value;
                best = i;
            }
        }
        return best;
    }
}
