package dev.trellis.samples.jsb;

import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The priors of hmm.py's models 1 to 4, on the parameters exactly as given (no renormalisation: torch's
 * {@code Dirichlet.log_prob} reads {@code log(value)} directly).
 */
final class HmmPriors {
    /** Weight of the "stay" entry added to the base concentration: hmm.py's {@code 0.9 * eye + 0.1}. */
    private static final double STAY = 0.9;
    private static final double BASE = 0.1;
    /** hmm.py's {@code Beta(0.1, 0.9)}: about 10% of the tones sound at any one time. */
    private static final double TONE_ON = 0.1;
    private static final double TONE_OFF = 0.9;

    private HmmPriors() {}

    /**
     * Returns {@code sum log Dirichlet(row | 0.9 * eye[i] + 0.1)} over every row of a transition table: row {@code i}
     * (the row of previous state {@code i}) has concentration 1.0 on entry {@code i} and 0.1 elsewhere. The last two
     * dimensions are {@code [previous, next]}; any leading dimension (pfhmm's {@code w}) repeats the same prior, as
     * hmm.py's {@code expand_by([hidden_dim])}.
     *
     * @param probs {@code [..., K, K]}, rows on the simplex
     * @return a scalar, differentiable in {@code probs}
     */
    static Tensor stickyDirichlet(Tensor probs) {
        int k = probs.size(-1);
        double[][] concentration = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                concentration[i][j] = (i == j ? STAY : 0) + BASE;
            }
        }
        return Dirichlet.of(Tensor.matrix(concentration).expand(probs.shape())).logProb(probs).sum();
    }

    /**
     * Returns {@code sum log Beta(p | 0.1, 0.9)} over every entry of an emission table.
     *
     * @param probsY probabilities in [0, 1], any shape
     * @return a scalar, differentiable in {@code probsY}
     */
    static Tensor weakBeta(Tensor probsY) {
        return Beta.of(TONE_ON, TONE_OFF).logProb(probsY).sum();
    }
}
