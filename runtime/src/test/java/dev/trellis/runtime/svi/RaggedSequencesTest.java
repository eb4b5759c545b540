package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ragged sequences as generated programs bind them: padding, members, masks, reversal and the errors. */
class RaggedSequencesTest {

    /** Three sequences of 2-vectors with 3, 1 and 2 steps; entry (s, t, k) = 100 s + 10 t + k. */
    private static List<Tensor> three() {
        return List.of(sequence(0, 3), sequence(1, 1), sequence(2, 2));
    }

    private static Tensor sequence(int s, int length) {
        double[] values = new double[length * 2];
        for (int t = 0; t < length; t++) {
            values[2 * t] = 100 * s + 10 * t;
            values[2 * t + 1] = 100 * s + 10 * t + 1;
        }
        return Tensor.of(values, length, 2);
    }

    @Test
    void eachSequenceIsPaddedWithItsOwnLastStep() {
        RaggedSequences x = RaggedSequences.of("x", three());

        assertArrayEquals(new int[] {3, 1, 2}, x.lengths());
        assertArrayEquals(new int[] {3, 3, 2}, x.padded().shape());
        assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21, 100, 101, 100, 101, 100, 101, 200, 201, 210, 211, 210,
                211}, x.padded().toArray());
    }

    @Test
    void membersOfASubsampledPlateAreCutToTheirLongest() {
        RaggedSequences x = RaggedSequences.of("x", three());
        Plate plate = new Plate("sequences", 3, new int[] {1, 2}, -1);

        Sequences members = x.members(plate);

        assertArrayEquals(new int[] {1, 2}, members.lengths());
        assertArrayEquals(new int[] {2, 2, 2}, members.values().shape());
        assertArrayEquals(new double[] {100, 101, 100, 101, 200, 201, 210, 211}, members.values().toArray());
        assertArrayEquals(new double[] {1, 1}, members.mask(0).toArray());
        assertArrayEquals(new double[] {0, 1}, members.mask(1).toArray());
        assertArrayEquals(new double[] {200, 201}, members.step(0).select(0, 1).toArray());
    }

    @Test
    void reversalTurnsEachSequenceWithinItsLengthAndSendsGradientsBack() {
        Tensor values = RaggedSequences.of("x", three()).padded().requiringGrad();
        Sequences reversed = new Sequences(values, new int[] {3, 1, 2}).reversed();

        assertArrayEquals(new double[] {20, 21, 10, 11, 0, 1, 100, 101, 100, 101, 100, 101, 210, 211, 200, 201, 210,
                211}, reversed.values().toArray());
        assertEquals(values, reversed.reversed().values());
        Tensor weights = Tensor.arange(18).reshape(3, 3, 2);
        Tensor gradient = Autodiff.gradients(reversed.values().mul(weights).sum()).of(values);
        // the entry at (0, 0) went to (0, 2): it receives the weight of position (0, 2)
        assertArrayEquals(new double[] {4, 5}, gradient.select(0, 0).select(0, 0).toArray());
    }

    @Test
    void stepsAndMasksFollowTheMembersLengths() {
        Plate plate = new Plate("sequences", 3, new int[] {0, 1, 2}, -2);
        RaggedSteps steps = RaggedSteps.of(new int[] {3, 1, 2}, plate);

        assertEquals(3, steps.steps());
        assertNull(steps.mask(0, -2));
        Tensor mask = steps.mask(1, -2);
        assertArrayEquals(new int[] {3, 1}, mask.shape());
        assertArrayEquals(new double[] {1, 0, 1}, mask.toArray());
        assertArrayEquals(new int[] {3}, steps.mask(2, -1).shape());
        assertEquals(1, RaggedSteps.of(new int[] {3, 1, 2}, new Plate("sequences", 3, new int[] {1}, -1)).steps());
    }

    @Test
    void sitesOfOneMarkovPlateMustAgreeOnEveryLength() {
        RaggedSequences x = RaggedSequences.of("x", three());
        RaggedSequences y = RaggedSequences.of("y", List.of(sequence(0, 3), sequence(1, 2), sequence(2, 2)));

        SiteException e = assertThrows(SiteException.class, () -> RaggedSequences.commonLengths("time", x, y));

        assertEquals("site 'y' at sequence 1: has 2 steps along 'time' but site 'x' has 1; sites in one Markov "
                + "plate share each sequence's steps", e.getMessage());
        assertArrayEquals(new int[] {3, 1, 2}, RaggedSequences.commonLengths("time", x, x));
    }

    @Test
    void badSequencesAreNamedBySiteAndIndex() {
        SiteException empty = assertThrows(SiteException.class,
                () -> RaggedSequences.of("x", List.of(sequence(0, 2), Tensor.zeros(0, 2))));
        assertEquals("site 'x' at sequence 1: has shape [0, 2]; a sequence is a tensor [T, ...] with at least one "
                + "step", empty.getMessage());
        SiteException shape = assertThrows(SiteException.class,
                () -> RaggedSequences.of("x", List.of(sequence(0, 2), Tensor.zeros(2, 3))));
        assertTrue(shape.getMessage().contains("has steps of shape [3] but sequence 0 has [2]"), shape.getMessage());
        assertThrows(SiteException.class, () -> RaggedSequences.of("x", List.of()));
    }

    @Test
    void aComputedValueWithWrongLeadingDimensionsIsNamed() {
        SiteException e = assertThrows(SiteException.class,
                () -> ProgramSupport.computed("rnnOut", () -> Tensor.zeros(4, 16), 5));

        assertEquals("site 'rnnOut': the @Computed value has shape [4, 16] but its plates need leading dimensions [5] "
                + "(one per plate, outermost first, this run's members and steps), then the value's own dimensions",
                e.getMessage());
        assertThrows(SiteException.class, () -> ProgramSupport.computed("rnnOut", () -> null));
        assertEquals(2, ProgramSupport.computed("rnnOut", () -> Tensor.zeros(5, 16), 5).rank());
    }
}
