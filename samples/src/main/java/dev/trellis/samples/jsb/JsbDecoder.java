package dev.trellis.samples.jsb;

import dev.trellis.runtime.inference.ChainKernels;
import dev.trellis.runtime.inference.ViterbiPath;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The MAP hidden-state path of one chorale at fixed tables (Pyro's {@code infer_discrete} at temperature 0), by
 * max-product in log space: O(T K^2), never enumerating paths.
 *
 * <p>hmm, arhmm, fhmm and pfhmm decode through the posterior of the program generated from their DSL class (the
 * factorial models' joint state is {@code 4 w + x}). hmm2, whose losses are scored by the reference {@link JsbModel},
 * decodes on the reference's own tables ({@link JsbModel#logTransition}, {@link JsbModel#emissions}), so the path is
 * that of the model its losses score: its second-order chain runs as a first-order chain over pairs
 * {@code (x_{t-1}, x_t)}, 256 states, with the transition {@code (a, b) -> (b', c)} impossible unless {@code b' = b}.
 */
public final class JsbDecoder {
    private JsbDecoder() {}

    /**
     * Decodes one sequence.
     *
     * @param model the model
     * @param params one constrained table per {@link JsbModel#parameters parameter}
     * @param split the split holding the sequence
     * @param sequence its index in the split
     * @return the state of each step (the joint state {@code 4 w + x} for fhmm and pfhmm) and
     *     {@code log p(path, y)}
     * @throws IllegalArgumentException for a bad table or a sequence index outside the split
     */
    public static ViterbiPath viterbi(JsbModel model, Map<String, Tensor> params, JsbSplit split, int sequence) {
        JsbParameterChecks.require(model, params, split.numTones());
        if (sequence < 0 || sequence >= split.numSequences()) {
            throw new IllegalArgumentException("sequence " + sequence + " is outside the " + split.name()
                    + " split's 0.." + (split.numSequences() - 1));
        }
        if (!JsbPrograms.tablesAreParams(model)) {
            // fhmm and pfhmm: the generated joint state w * 4 + x is the reference's 4 w + x
            return JsbPrograms.posterior(model, split, params).viterbi(sequence);
        }
        JsbSplit one = new JsbSplit(split.name(), split.numTones(), List.<double[][]>of(split.sequence(sequence)));
        double[][] evidence = model.emissions(params, one.padded()).select(0, 0).toRows();
        Tensor logTransition = model.logTransition(params).detach();
        // Only hmm2 gets here (the first-order models decode through their generated programs above).
        return secondOrder(logTransition, evidence);
    }

    private static ViterbiPath secondOrder(Tensor logTransition, double[][] evidence) {
        int k = logTransition.size(0);
        double[][] trans = new double[k * k][k * k];
        double[] init = new double[k * k];
        Arrays.fill(init, Double.NEGATIVE_INFINITY);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                Arrays.fill(trans[a * k + b], Double.NEGATIVE_INFINITY);
                for (int c = 0; c < k; c++) {
                    trans[a * k + b][b * k + c] = logTransition.get(a, b, c);
                }
            }
        }
        // x_{-2} = x_{-1} = 0, so the first pair is (0, x_0) with x_0 ~ probs_x[0, 0].
        for (int c = 0; c < k; c++) {
            init[c] = logTransition.get(0, 0, c);
        }
        double[][] pairEvidence = new double[evidence.length][k * k];
        for (int t = 0; t < evidence.length; t++) {
            for (int pair = 0; pair < k * k; pair++) {
                pairEvidence[t][pair] = evidence[t][pair % k];
            }
        }
        ViterbiPath pairs = ChainKernels.viterbi(init, trans, pairEvidence);
        return new ViterbiPath(Arrays.stream(pairs.path()).map(pair -> pair % k).toArray(), pairs.logJoint());
    }
}
