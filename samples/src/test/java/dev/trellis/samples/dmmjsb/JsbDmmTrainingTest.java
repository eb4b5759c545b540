package dev.trellis.samples.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsbDmmTrainingTest {

    private static Tensor chorale(int steps) {
        return Tensor.zeros(steps, JsbPianoRolls.KEYS);
    }

    @Test
    void mini_batches_are_bound_longest_first_with_equal_lengths_in_their_given_order() {
        Tensor a = chorale(3);
        Tensor b = chorale(7);
        Tensor c = chorale(3);
        Tensor d = chorale(9);
        Tensor e = chorale(7);
        List<Tensor> given = List.of(a, b, c, d, e);
        List<Tensor> sorted = JsbDmmTraining.longestFirst(given);
        List<Tensor> expected = List.of(d, b, e, a, c);
        assertEquals(expected.size(), sorted.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), sorted.get(i), "position " + i);
        }
        assertSame(a, given.get(0), "the given list is left as it was");
    }
}
