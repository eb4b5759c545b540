package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Emission tables at their edges: every probability 0 or every probability 1 (each entry a rule-out, none finite),
 * finite entries too large to add up, and the weighted rows of fractional data over a ragged plate, against sums
 * written out by hand.
 */
class BernoulliEmissionTablesEdgesTest {

    private static final double NEG = Double.NEGATIVE_INFINITY;

    @Test
    void tablesThatAreZeroEverywhereRuleOutEveryStateOfAStepWithAToneOn() {
        // p = 0 for every state and tone: log p(1) = -inf, log p(0) = 0.
        BernoulliEmissionTables never = BernoulliEmissionTables.of(filled(6, NEG), filled(6, 0.0), 2, 3);
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 0, 0}, {0, 1, 0}}, 3);
        assertArrayEquals(new double[] {0.0, 0.0}, row(never, y, 0));
        assertArrayEquals(new double[] {NEG, NEG}, row(never, y, 1));
    }

    @Test
    void tablesThatAreOneEverywhereRuleOutEveryStateOfAStepWithAToneOff() {
        BernoulliEmissionTables always = BernoulliEmissionTables.of(filled(6, 0.0), filled(6, NEG), 2, 3);
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{1, 1, 1}, {1, 0, 1}}, 3);
        assertArrayEquals(new double[] {0.0, 0.0}, row(always, y, 0));
        assertArrayEquals(new double[] {NEG, NEG}, row(always, y, 1));
    }

    @Test
    void finiteEntriesTooLargeToAddUpAreReportedForTheStepOrTheRow() {
        // A user distribution may give positive log-densities; two of 1e308 overflow.
        BernoulliEmissionTables huge = BernoulliEmissionTables.of(new double[] {-1, -1, 1e308, 1e308},
                new double[] {-1, -1, 0, 0}, 2, 2);
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 1}, {1, 1}}, 2);
        assertEquals(1e308, row(huge, y, 0)[1]);
        assertMessage("the emission log-likelihood of step 1, state 1 is Infinity; the log tables' finite entries are "
                + "too large to add up", () -> row(huge, y, 1));
        BernoulliObservations soft = BernoulliObservations.of(new double[][] {{1, 0.999}}, 2);
        assertMessage("the emission log-likelihood of step 0, state 1 is Infinity; the log tables' finite entries are "
                + "too large to add up", () -> row(huge, soft, 0));
        assertMessage("the emission log-likelihood of a row, state 1 is Infinity; the log tables' finite entries are "
                + "too large to add up", () -> huge.logEvidence(new int[] {0, 1}, 0, 2, 1, new double[2], 0));
        assertMessage("the emission log-likelihood of a row, state 1 is Infinity; the log tables' finite entries are "
                + "too large to add up",
                () -> huge.logEvidenceWeighted(new double[] {1, 1}, new int[] {0, 1}, 0, 2, new double[2], 0));
    }

    @Test
    void weightedRowsAreTheSumOfEachMembersWeightedLogProbabilities() {
        double[] logP1 = {-0.5, -1.5, -2.5, -0.25, -0.75, -1.25};   // [state][tone], 2 x 3
        double[] logP0 = {-1.0, -2.0, -3.0, -4.0, -5.0, -6.0};
        BernoulliEmissionTables tables = BernoulliEmissionTables.of(logP1, logP0, 2, 3);
        double[] y = {9, 0.25, 1, 0, 9};
        int[] tones = {0, 2, 0, 1, 0};
        double[] out = new double[4];
        Arrays.fill(out, Double.NaN);
        tables.logEvidenceWeighted(y, tones, 1, 4, out, 1);
        for (int state = 0; state < 2; state++) {
            double expected = 0.25 * logP1[state * 3 + 2] + 0.75 * logP0[state * 3 + 2]
                    + logP1[state * 3] + logP0[state * 3 + 1];
            assertEquals(expected, out[1 + state], 1e-15, "state " + state);
        }
        assertEquals(Double.NaN, out[0]);
        assertEquals(Double.NaN, out[3]);
    }

    private static double[] row(BernoulliEmissionTables tables, BernoulliObservations y, int step) {
        double[] out = new double[2];
        tables.logEvidence(y, step, out);
        return out;
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
