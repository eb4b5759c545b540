package dev.trellis.samples.jsb;

import java.util.ArrayList;
import java.util.List;

/** The generated {@link HmmProgram} of hmm.py's model_1 (16 hidden states) conditioned on one split. */
final class HmmPrograms {
    /** hmm.py's default {@code hidden_dim}. */
    static final int HIDDEN = 16;

    private HmmPrograms() {}

    static HmmProgram of(JsbSplit split) {
        List<double[][]> sequences = new ArrayList<>();
        for (int s = 0; s < split.numSequences(); s++) {
            sequences.add(split.sequence(s));
        }
        return new HmmProgram(new Hmm(HIDDEN, split.numTones()), sequences);
    }
}
