package dev.trellis.samples.jsb;

import dev.trellis.runtime.inference.ViterbiPath;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The MAP hidden-state path of one chorale at fixed tables (Pyro's {@code infer_discrete} at temperature 0): the
 * {@code viterbi} query of the inference class generated from each model's DSL class, by max-product along the chain
 * (K^2 per step; K^3 for hmm2's second-order chain), never enumerating paths. The factorial models' path is their
 * joint state {@code 4 w + x}.
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
        return JsbPrograms.viterbi(model, split, params, sequence);
    }
}
