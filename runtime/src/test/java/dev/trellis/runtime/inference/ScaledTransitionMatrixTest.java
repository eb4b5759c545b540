package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaledTransitionMatrix}'s column scaling and its products against plain loops, for every K up to 9 and
 * larger K (see {@link #STATE_COUNTS}), so that the four-rows-at-a-time pass and the eight-wide pass along a row run
 * once, several times and with every remainder.
 */
class ScaledTransitionMatrixTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    /**
     * Every K up to 9, and K that run the eight-wide pass over a row two and three times with and without a remainder
     * (with one pass its index is always 0, which would hide a wrong offset).
     */
    private static final int[] STATE_COUNTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 24, 25};

    @Test
    void everyColumnIsScaledToAMaximumOfOneAndAnAllMinusInfinityColumnToZero() {
        // Column 2 holds log-potentials around -1000, which plain exp would turn into zeros.
        double[][] logTrans = {{-1.0, NEG_INF, -1000.0}, {-3.0, NEG_INF, -1002.0}, {-2.0, NEG_INF, -1001.0}};
        ScaledTransitionMatrix trans = ScaledTransitionMatrix.of(logTrans);
        assertArrayEquals(new double[] {-1.0, NEG_INF, -1000.0}, trans.columnLogScale, 0.0);
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.exp(logTrans[i][0] + 1.0), trans.scaledWeight(i, 0), 0.0);
            assertEquals(0.0, trans.scaledWeight(i, 1), 0.0);
            assertEquals(Math.exp(logTrans[i][2] + 1000.0), trans.scaledWeight(i, 2), 0.0);
        }
        assertTrue(trans.keepsPrecision);
    }

    @Test
    void aColumnSpanningMoreThanTheFloorDoesNotKeepPrecisionButAnImpossibleTransitionDoesNotCount() {
        assertFalse(ScaledTransitionMatrix.of(new double[][] {{0.0, 0.0}, {-400.0, 0.0}}).keepsPrecision);
        assertTrue(ScaledTransitionMatrix.of(new double[][] {{0.0, 0.0}, {-300.0, 0.0}}).keepsPrecision);
        assertTrue(ScaledTransitionMatrix.of(new double[][] {{0.0, 0.0}, {NEG_INF, 0.0}}).keepsPrecision);
    }

    @Test
    void addScaledRowsIsTheSumOfTheRowsWeightedByXForEveryK() {
        SplittableRandom random = new SplittableRandom(5);
        for (int k : STATE_COUNTS) {
            // Small integers: every sum is exact in any order, so the result must equal the plain loop exactly.
            double[] rows = integers(random, k * k);
            double[] x = integers(random, k + 3);
            double[] out = integers(random, k + 2);
            double[] expected = out.clone();
            for (int j = 0; j < k; j++) {
                expected[1 + j] = 0.0;
                for (int i = 0; i < k; i++) {
                    expected[1 + j] += x[2 + i] * rows[i * k + j];
                }
            }
            ScaledTransitionMatrix.addScaledRows(rows, k, x, 2, out, 1);
            assertArrayEquals(expected, out, 0.0, "k = " + k);
        }
    }

    @Test
    void predictAndPullBackAreTheProductsWithTheScaledMatrixAndItsTranspose() {
        SplittableRandom random = new SplittableRandom(6);
        for (int k : STATE_COUNTS) {
            double[][] logTrans = new double[k][k];
            for (double[] row : logTrans) {
                for (int j = 0; j < k; j++) {
                    row[j] = random.nextInt(4) == 0 ? NEG_INF : -random.nextInt(12) / 4.0;
                }
            }
            ScaledTransitionMatrix trans = ScaledTransitionMatrix.of(logTrans);
            double[] v = new double[k + 1];
            for (int i = 0; i < k + 1; i++) {
                v[i] = random.nextDouble();
            }
            double[] predicted = new double[k];
            double[] predictedAt = new double[k + 2];
            double[] pulled = new double[k];
            trans.predict(v, predicted);
            trans.predict(v, 1, predictedAt, 2);
            trans.pullBack(v, 1, pulled);
            for (int j = 0; j < k; j++) {
                double forward = 0.0;
                double forwardShifted = 0.0;
                double backward = 0.0;
                for (int i = 0; i < k; i++) {
                    forward += v[i] * trans.scaledWeight(i, j);
                    forwardShifted += v[1 + i] * trans.scaledWeight(i, j);
                    backward += trans.scaledWeight(j, i) * v[1 + i];
                }
                assertEquals(forward, predicted[j], 1e-15 * forward, "predict, k = " + k);
                assertEquals(forwardShifted, predictedAt[2 + j], 1e-15 * forwardShifted, "predict at, k = " + k);
                assertEquals(backward, pulled[j], 1e-15 * backward, "pullBack, k = " + k);
            }
            assertEquals(0.0, predictedAt[0], 0.0);
            assertEquals(0.0, predictedAt[1], 0.0);
        }
    }

    private static double[] integers(SplittableRandom random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(-9, 10);
        }
        return values;
    }
}
