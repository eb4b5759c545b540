package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small mini-batches of piano rolls for the DMM's tests: 0/1 notes, a fixed pattern per sequence and step. */
final class PianoRollFixtures {

    private PianoRollFixtures() {
    }

    /** {@return one {@code [lengths[s], notes]} tensor per sequence s} */
    static List<Tensor> sequences(int[] lengths, int notes) {
        List<Tensor> all = new ArrayList<>();
        for (int s = 0; s < lengths.length; s++) {
            double[] values = new double[lengths[s] * notes];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i * 7 + s * 3) % 5 < 2 ? 1 : 0;
            }
            all.add(Tensor.of(values, lengths[s], notes));
        }
        return all;
    }
}
