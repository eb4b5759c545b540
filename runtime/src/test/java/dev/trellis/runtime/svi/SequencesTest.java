package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Ragged sequences padded to the longest: each member's own length, its steps and mask, its steps reversed in place
 * (Pyro's {@code reverse_sequences}) with gradients back to the entries, and members cut along an inner plate.
 */
class SequencesTest {

    /** Two members, three steps, two numbers a step: member b, step t holds 10 b + t and 10 b + t + 0.5. */
    private static Tensor values() {
        double[] v = new double[12];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                v[(b * 3 + t) * 2] = 10 * b + t;
                v[(b * 3 + t) * 2 + 1] = 10 * b + t + 0.5;
            }
        }
        return Tensor.of(v, 2, 3, 2);
    }

    @Test
    void eachMemberHasItsOwnLengthStepsAndMask() {
        Sequences sequences = new Sequences(values(), new int[] {3, 1});
        assertEquals(2, sequences.size());
        assertEquals(3, sequences.steps());
        assertArrayEquals(new double[] {1, 1.5, 11, 11.5}, sequences.step(1).toArray());
        assertArrayEquals(new double[] {1, 1}, sequences.mask(0).toArray());
        assertArrayEquals(new double[] {1, 0}, sequences.mask(1).toArray());
        assertArrayEquals(new double[] {0, 0}, sequences.mask(3).toArray());
        int[] lengths = sequences.lengths();
        lengths[0] = 2;
        assertArrayEquals(new int[] {3, 1}, sequences.lengths());
        assertEquals("Sequences[2, 3, 2] lengths [3, 1]", sequences.toString());
    }

    @Test
    void reversingTurnsEachMembersOwnStepsAroundAndLeavesThePadding() {
        Tensor values = Tensor.variable(values());
        Sequences reversed = new Sequences(values, new int[] {3, 2}).reversed();
        assertArrayEquals(new double[] {2, 2.5, 1, 1.5, 0, 0.5, 11, 11.5, 10, 10.5, 12, 12.5},
                reversed.values().toArray());
        assertArrayEquals(new int[] {3, 2}, reversed.lengths());
        Tensor weights = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        double[] gradient = Autodiff.gradients(reversed.values().mul(weights).sum()).of(values).toArray();
        assertArrayEquals(new double[] {5, 6, 3, 4, 1, 2, 9, 10, 7, 8, 11, 12}, gradient);
    }

    @Test
    void membersAreCutAlongAnInnerPlate() {
        Sequences sequences = new Sequences(values(), new int[] {3, 2});
        Sequences second = sequences.members(2, new Plate("notes", 2, new int[] {1}, -1));
        assertArrayEquals(new int[] {2, 3, 1}, second.values().shape());
        assertArrayEquals(new double[] {0.5, 1.5, 2.5, 10.5, 11.5, 12.5}, second.values().toArray());
        assertThrows(IllegalArgumentException.class, () -> sequences.members(1, Plate.full("time", 3, -1)));
    }

    @Test
    void shapesAndLengthsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Sequences(Tensor.vector(1, 2), new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Sequences(values(), new int[] {3}));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new Sequences(values(), new int[] {3, 0}));
        assertTrue(zero.getMessage().contains("sequence 1 has length 0, outside 1..3"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sequences(values(), new int[] {4, 1}));
        assertEquals(1, new Sequences(Tensor.zeros(1, 1), new int[] {1}).steps());
    }

    @Test
    void sequencesAreEqualWhenValuesAndLengthsAre() {
        Sequences sequences = new Sequences(values(), new int[] {3, 2});
        assertEquals(sequences, new Sequences(values(), new int[] {3, 2}));
        assertEquals(sequences.hashCode(), new Sequences(values(), new int[] {3, 2}).hashCode());
        assertNotEquals(sequences, new Sequences(values(), new int[] {3, 1}));
        assertNotEquals(sequences, new Sequences(values().mul(2), new int[] {3, 2}));
        assertNotEquals(sequences, "sequences");
    }
}
