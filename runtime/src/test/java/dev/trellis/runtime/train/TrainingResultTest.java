package dev.trellis.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A training run's result: the mean of its last losses (what the DMM's training check compares with Pyro's spread),
 * its losses copied in and out, equality and its printed form.
 */
class TrainingResultTest {

    @Test
    void theMeanOfTheLastLossesTakesAllOfThemWhenThereAreFewer() {
        TrainingResult result = new TrainingResult(new double[] {10, 4, 2, 6}, null);
        assertEquals(4.0, result.meanOfLast(2));
        assertEquals(6.0, result.meanOfLast(1));
        assertEquals(5.5, result.meanOfLast(4));
        assertEquals(5.5, result.meanOfLast(200));
        assertThrows(IllegalStateException.class, () -> new TrainingResult(new double[0], null).meanOfLast(1));
    }

    @Test
    void lossesAreCopiedAndResultsEqualWhenLossesAndTheStopAre() {
        double[] losses = {3, 2};
        TrainingResult result = new TrainingResult(losses, "plateau");
        losses[0] = 9;
        result.losses()[1] = 9;
        assertArrayEquals(new double[] {3, 2}, result.losses());
        assertEquals(2, result.steps());
        assertEquals(result, new TrainingResult(new double[] {3, 2}, "plateau"));
        assertEquals(result.hashCode(), new TrainingResult(new double[] {3, 2}, "plateau").hashCode());
        assertNotEquals(result, new TrainingResult(new double[] {3, 2}, null));
        assertNotEquals(result, new TrainingResult(new double[] {3, 2.5}, "plateau"));
        assertEquals("TrainingResult[steps=2, stoppedEarly=plateau]", result.toString());
        assertEquals("TrainingResult[steps=2]", new TrainingResult(new double[] {3, 2}, null).toString());
    }
}
