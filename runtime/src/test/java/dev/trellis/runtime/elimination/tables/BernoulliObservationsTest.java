package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Prepared Bernoulli observations: rows checked when prepared, entries read back by step and tone within their
 * bounds only, and the dense matrices of {@code y} and {@code 1 - y} of sparse and of fractional data.
 */
class BernoulliObservationsTest {

    @Test
    void rowsOfTheWrongLengthOrOutsideTheUnitIntervalAreRefusedNamingTheEntry() {
        assertMessage("y[1] has length null but there are 2 tones",
                () -> BernoulliObservations.of(new double[][] {{0, 1}, null}, 2));
        assertMessage("y[0] has length 3 but there are 2 tones",
                () -> BernoulliObservations.of(new double[][] {{0, 1, 1}}, 2));
        assertMessage("y[1][1] = 1.5; a Bernoulli observation must lie in [0, 1]",
                () -> BernoulliObservations.of(new double[][] {{0, 1}, {1, 1.5}}, 2));
        assertMessage("y[0][0] = NaN; a Bernoulli observation must lie in [0, 1]",
                () -> BernoulliObservations.of(new double[][] {{Double.NaN, 1}}, 2));
    }

    @Test
    void entriesAreReadOnlyWithinTheStepsAndTones() {
        for (double[][] y : new double[][][] {{{0, 1, 1}, {1, 0, 0}}, {{0, 0.5, 1}, {1, 0, 0.25}}}) {
            BernoulliObservations observations = BernoulliObservations.of(y, 3);
            assertEquals(y[1][2], observations.get(1, 2));
            IndexOutOfBoundsException tone = assertThrows(IndexOutOfBoundsException.class,
                    () -> observations.get(0, 3));
            assertEquals("y[0][3] of a 2 x 3 observation", tone.getMessage());
            IndexOutOfBoundsException step = assertThrows(IndexOutOfBoundsException.class,
                    () -> observations.get(2, 0));
            assertEquals("y[2][0] of a 2 x 3 observation", step.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> observations.get(-1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> observations.get(0, -1));
        }
    }

    @Test
    void theDenseMatricesAreTheDataAndItsComplement() {
        for (double[][] y : new double[][][] {{{0, 1, 1}, {1, 0, 0}}, {{0, 0.5, 1}, {1, 0, 0.25}}}) {
            BernoulliObservations observations = BernoulliObservations.of(y, 3);
            DMatrixRMaj ones = observations.ones();
            DMatrixRMaj zeros = observations.zeros();
            for (int t = 0; t < 2; t++) {
                for (int d = 0; d < 3; d++) {
                    assertEquals(y[t][d], ones.get(t, d), "y[" + t + "][" + d + "]");
                    assertEquals(1 - y[t][d], zeros.get(t, d), "1 - y[" + t + "][" + d + "]");
                }
            }
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
