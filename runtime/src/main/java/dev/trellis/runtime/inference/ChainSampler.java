package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;

/**
 * Exact sampling of state paths: from the posterior by forward-filtering backward-sampling, and from the prior
 * by ancestral sampling.
 *
 * <p>Both draw exactly one {@link Rng#categorical(double[])} per step (so one {@code nextDouble()}), from the
 * last step backwards for the posterior and from the first forwards for the prior; a fixed seed therefore
 * gives the same path on every run.
 */
final class ChainSampler {

    private ChainSampler() {
    }

    /**
     * Draws one path from {@code p(z | x)}: {@code z_{T-1} ~ alpha_{T-1}}, then
     * {@code z_t ~ alpha_t(i) * A(i, z_{t+1})} for t = T-2 down to 0.
     *
     * <p>The backward weights use the scaled transition matrix: for a fixed target {@code z_{t+1}} its column
     * differs from the true transition weights by one constant factor, which the categorical draw normalises
     * away.
     *
     * @param trans the scaled transition matrix; not modified
     * @param logInit K initial log-probabilities; not modified
     * @param logEvidence T x K log-likelihoods, validated; not modified
     * @param rng advanced by T draws, or not at all when null is returned
     * @return a new path of length T, or null when scaled space would lose precision (then use
     *     {@link LogSpaceChainPasses#samplePosterior})
     * @throws ImpossibleEvidenceException naming the first step with zero mass
     */
    static int @Nullable [] samplePosterior(ScaledTransitionMatrix trans, double[] logInit, double[][] logEvidence, Rng rng) {
        return samplePosterior(trans, logInit, new RowView().rows(logEvidence), logEvidence.length, rng);
    }

    /** {@link #samplePosterior(ScaledTransitionMatrix, double[], double[][], Rng)} over a view of T rows. */
    static int @Nullable [] samplePosterior(ScaledTransitionMatrix trans, double[] logInit, RowView logEvidence,
                                           int numSteps, Rng rng) {
        int k = trans.numStates();
        double[][] alpha = new double[numSteps][k];
        int outcome = ScaledForwardKernels.filter(trans, logInit, logEvidence, numSteps, alpha, null);
        if (outcome == ScaledForwardKernels.NEEDS_LOG_SPACE) {
            return null;
        }
        if (outcome >= 0) {
            throw new ImpossibleEvidenceException(outcome, "samplePosterior");
        }
        int[] path = new int[numSteps];
        path[numSteps - 1] = rng.categorical(alpha[numSteps - 1]);
        double[] weights = new double[k];
        for (int t = numSteps - 2; t >= 0; t--) {
            int next = path[t + 1];
            for (int i = 0; i < k; i++) {
                weights[i] = alpha[t][i] * trans.scaledWeight(i, next);
            }
            // Some weight is positive: next was drawn with alpha_{t+1}(next) > 0, which needs a positive
            // product alpha_t(i) * scaled(i, next) in the prediction that produced it.
            path[t] = rng.categorical(weights);
        }
        return path;
    }

    /**
     * Draws one path from the prior: {@code z_0 ~ init}, {@code z_t ~ trans(z_{t-1}, .)}. Rows need not be
     * normalised; each is used in proportion.
     *
     * @param logInit K initial log-probabilities, validated; not modified
     * @param logTrans K x K log-transition table, validated; not modified
     * @param length the number of steps, at least 1
     * @param rng advanced by {@code length} draws
     * @return a new path of the given length
     * @throws IllegalArgumentException if every initial entry is {@code -Infinity}, or naming the state and step
     *     if the path reaches a state whose transition row is all {@code -Infinity}
     */
    static int[] simulatePath(double[] logInit, double[][] logTrans, int length, Rng rng) {
        double[] initWeights = weightsOrNull(logInit);
        if (initWeights == null) {
            throw new IllegalArgumentException("logInit is -Infinity everywhere; no initial state is possible");
        }
        int k = logInit.length;
        double[][] rowWeights = new double[k][];
        for (int i = 0; i < k; i++) {
            rowWeights[i] = weightsOrNull(logTrans[i]);
        }
        int[] path = new int[length];
        path[0] = rng.categorical(initWeights);
        for (int t = 1; t < length; t++) {
            double[] row = rowWeights[path[t - 1]];
            if (row == null) {
                throw new IllegalArgumentException("logTrans[" + path[t - 1] + "] is -Infinity everywhere, so state "
                        + path[t - 1] + " (reached at step " + (t - 1) + ") has no successor");
            }
            path[t] = rng.categorical(row);
        }
        return path;
    }

    /** Returns {@code exp(logWeights - max)}, or null when every entry is {@code -Infinity}. */
    private static double @Nullable [] weightsOrNull(double[] logWeights) {
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWeights) {
            max = Math.max(max, w);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return null;
        }
        double[] weights = new double[logWeights.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.exp(logWeights[i] - max);
        }
        return weights;
    }
}
