package dev.trellis.samples.jsb;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The forward algorithm in log space, batched over all sequences of a split, written with plain tensor operations
 * so that autodiff differentiates it: the reference the JSB models are checked against.
 *
 * <p>The chain's state is a tuple of hidden indices ({@code stateRank} of them: one for hmm, arhmm, fhmm and pfhmm,
 * whose two factorial chains are folded into one joint index; two for hmm2, whose state is the pair
 * {@code (x_{t-1}, x_t)}). The transition table has one more dimension than the state: {@code logTransition[s..., j]}
 * is the log-probability of the next hidden index {@code j} from state {@code s}, and the new state drops the oldest
 * index. Per step, with {@code alpha} of shape {@code [S, state...]}:
 * <pre>
 * alpha'[n, s2.., j] = logsumexp_{s1} (alpha[n, s1, s2.., None] + logTransition[s1, s2.., j]) + emission[n, t, j]
 * </pre>
 *
 * <p>Conventions of hmm.py reproduced here:
 * <ul>
 *   <li>Before time 0 every hidden index is 0: {@code alpha_{-1}} is the point mass on state {@code (0, ..., 0)},
 *       written as a log one-hot ({@code 0} there, {@code -inf} elsewhere), so step 0 reads row 0 of the table.</li>
 *   <li>Steps {@code t >= length} of a sequence leave its {@code alpha} unchanged. Pyro masks the padded
 *       observations to 0 and scores the padded transitions unmasked; those transitions sum to 1 over the new state
 *       and nothing observed follows them, so they add exactly nothing: each sequence contributes
 *       {@code log p(y[0:length])}.</li>
 * </ul>
 */
final class MaskedForward {
    private MaskedForward() {}

    /**
     * Returns {@code log p(y_n)} of every sequence {@code n}.
     *
     * @param logTransition {@code [K, ..., K]} with {@code stateRank + 1} dimensions, rows along the last
     * @param stateRank how many hidden indices make up the state (1 or 2)
     * @param emissions {@code [S, T, K]}: the log-probability of step {@code t}'s data given the newest index
     * @param lengths the {@code S} sequence lengths, each at most {@code T}
     * @return {@code [S]}, differentiable in the transition and emission tables
     */
    static Tensor logLikelihoods(Tensor logTransition, int stateRank, Tensor emissions, int[] lengths) {
        int sequences = emissions.size(0);
        int steps = emissions.size(1);
        int states = emissions.size(2);
        Tensor alpha = pointMassOnZero(sequences, states, stateRank);
        for (int t = 0; t < steps; t++) {
            Tensor emission = emissions.select(1, t).reshape(emissionShape(sequences, states, stateRank));
            Tensor advanced = alpha.unsqueeze(-1).add(logTransition).logSumExp(1, false).add(emission);
            alpha = Tensor.where(isWithin(lengths, t, stateRank), advanced, alpha);
        }
        return alpha.reshape(sequences, alpha.numElements() / sequences).logSumExp(1, false);
    }

    /** {@code [S, K, ..., K]}: 0 at state (0, ..., 0), -inf elsewhere. */
    private static Tensor pointMassOnZero(int sequences, int states, int stateRank) {
        int size = (int) Math.pow(states, stateRank);
        double[] values = new double[sequences * size];
        for (int n = 0; n < sequences; n++) {
            for (int s = 1; s < size; s++) {
                values[n * size + s] = Double.NEGATIVE_INFINITY;
            }
        }
        return Tensor.of(values, stateShape(sequences, states, stateRank));
    }

    /** {@code [S, 1, ..., 1]}: 1 for the sequences still running at step {@code t}. */
    private static Tensor isWithin(int[] lengths, int t, int stateRank) {
        boolean[] running = new boolean[lengths.length];
        for (int n = 0; n < lengths.length; n++) {
            running[n] = t < lengths[n];
        }
        int[] shape = new int[stateRank + 1];
        Arrays.fill(shape, 1);
        shape[0] = lengths.length;
        return Tensor.mask(running, shape);
    }

    private static int[] stateShape(int sequences, int states, int stateRank) {
        int[] shape = new int[stateRank + 1];
        Arrays.fill(shape, states);
        shape[0] = sequences;
        return shape;
    }

    /** {@code [S, 1, ..., 1, K]}: the emission depends on the newest index only. */
    private static int[] emissionShape(int sequences, int states, int stateRank) {
        int[] shape = new int[stateRank + 1];
        Arrays.fill(shape, 1);
        shape[0] = sequences;
        shape[stateRank] = states;
        return shape;
    }
}
