package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link SequenceGradientPass} on the sequences whose outputs are set by a special case rather than by the backward
 * pass: one step (no transitions, so no counts) and impossible evidence (zero marginals and counts), in scaled
 * space and in the log-space fallback. The output arrays start out full of garbage, as a reused buffer would.
 */
class SequenceGradientPassEdgeCasesTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private static final double GARBAGE = 7.0;

    /** An ordinary model: scaled space carries it. */
    private static final double[][] ORDINARY = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.25), Math.log(0.75)}};
    /** Column 1 spans 900 nats: scaled space cannot carry it, so every sequence runs in log space. */
    private static final double[][] WIDE = {{0.0, -900.75}, {-1.5, 0.0}};
    private static final double[] LOG_INIT = {Math.log(0.25), Math.log(0.75)};

    @Test
    void aSingleStepSequenceHasTheFilterAsMarginalAndNoTransitionCounts() {
        for (double[][] logTrans : new double[][][] {ORDINARY, WIDE}) {
            double[][] marginals = garbage(1, 2);
            double[] counts = garbage(4);
            double result = new SequenceGradientPass(2).run(ScaledTransitionMatrix.of(logTrans), LOG_INIT, logTrans,
                    new double[][] {{-1.0, -2.0}}, marginals, counts);
            double w0 = 0.25 * Math.exp(-1.0);
            double w1 = 0.75 * Math.exp(-2.0);
            assertEquals(Math.log(w0 + w1), result, 1e-15);
            assertArrayEquals(new double[] {w0 / (w0 + w1), w1 / (w0 + w1)}, marginals[0], 1e-15);
            assertArrayEquals(new double[4], counts, 0.0);
        }
    }

    @Test
    void aSingleStepSequenceInFlatRowsLeavesTheOtherCountsAlone() {
        double[] counts = garbage(6);
        double[] marginals = garbage(3);
        new SequenceGradientPass(2).run(ScaledTransitionMatrix.of(ORDINARY), LOG_INIT, ORDINARY,
                new double[] {-1.0, -2.0}, 0, 1, marginals, 1, counts, 1);
        assertArrayEquals(new double[] {GARBAGE, 0, 0, 0, 0, GARBAGE}, counts, 0.0);
        assertEquals(GARBAGE, marginals[0], 0.0);
    }

    @Test
    void impossibleEvidenceGivesMinusInfinityAndZeroMarginalsAndCountsInScaledSpace() {
        checkImpossible(ORDINARY, new double[][] {{-1.0, -2.0}, {-0.5, -0.25}, {NEG_INF, NEG_INF}});
        checkImpossible(ORDINARY, new double[][] {{NEG_INF, NEG_INF}, {-0.5, -0.25}});
    }

    @Test
    void impossibleEvidenceGivesMinusInfinityAndZeroMarginalsAndCountsInLogSpace() {
        checkImpossible(WIDE, new double[][] {{-1.0, -2.0}, {-0.5, -0.25}, {NEG_INF, NEG_INF}});
        checkImpossible(WIDE, new double[][] {{NEG_INF, NEG_INF}, {-0.5, -0.25}});
    }

    private static void checkImpossible(double[][] logTrans, double[][] logEvidence) {
        String model = Arrays.deepToString(logTrans) + ", evidence " + Arrays.deepToString(logEvidence);
        int numSteps = logEvidence.length;
        double[][] marginals = garbage(numSteps, 2);
        double[] counts = garbage(4);
        double result = new SequenceGradientPass(2).run(ScaledTransitionMatrix.of(logTrans), LOG_INIT, logTrans,
                logEvidence, marginals, counts);
        assertEquals(NEG_INF, result, model);
        assertArrayEquals(new double[numSteps][2], marginals, model);
        assertArrayEquals(new double[4], counts, 0.0, model);
    }

    private static double[] garbage(int n) {
        double[] values = new double[n];
        Arrays.fill(values, GARBAGE);
        return values;
    }

    private static double[][] garbage(int rows, int columns) {
        double[][] values = new double[rows][];
        for (int t = 0; t < rows; t++) {
            values[t] = garbage(columns);
        }
        return values;
    }
}
