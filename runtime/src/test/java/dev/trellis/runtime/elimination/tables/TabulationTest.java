package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The tables of enumerated sites against the distributions' own log-probabilities, their gradients, and errors. */
class TabulationTest {

    private static final String[] NAMES = {"previous", "w"};
    private static final int[] SIZES = {3, 2};

    @Test
    void entriesAreTheLogProbabilitiesOfEveryParentAssignmentRowMajor() {
        Tensor table = Tabulation.table("x", NAMES, SIZES, a -> Categorical.ofProbs(probs(a[0], a[1])));
        assertArrayEquals(new int[] {3, 2, 4}, table.shape());
        for (int previous = 0; previous < 3; previous++) {
            for (int w = 0; w < 2; w++) {
                Categorical direct = Categorical.ofProbs(probs(previous, w));
                for (int k = 0; k < 4; k++) {
                    assertEquals(direct.logProb(k), table.get(previous, w, k), 0.0);
                }
            }
        }
    }

    @Test
    void aSiteWithoutParentsIsOneRow() {
        Tensor table = Tabulation.table("x", new String[0], new int[0], a -> Categorical.ofProbs(0.25, 0.75));
        assertArrayEquals(new int[] {2}, table.shape());
        assertEquals(Math.log(0.75), table.get(1), 1e-15);
    }

    @Test
    void theTableIsDifferentiableInWhatTheMethodRead() {
        GradientChecker.check("tabulated logits", inputs -> Tabulation.table("x", NAMES, SIZES,
                a -> Categorical.ofLogits(inputs[0].select(0, a[0]).add(inputs[1].select(0, a[1])))),
                Tensor.of(new double[] {0.1, -0.4, 1.2, 0.3, 0.0, -1.0, 0.7, 0.2, 0.5, -0.3, 0.9, 1.1}, 3, 4),
                Tensor.of(new double[] {0.2, -0.5, 0.1, 0.0, -0.2, 0.4, 0.6, -0.1}, 2, 4));
    }

    @Test
    void aDomainSizeThatChangesWithTheParentsNamesBothAssignments() {
        SiteException e = assertThrows(SiteException.class, () -> Tabulation.table("x", NAMES, SIZES,
                a -> a[0] == 2 && a[1] == 1 ? Categorical.ofProbs(0.5, 0.5) : Categorical.ofProbs(probs(0, 0))));
        assertEquals("site 'x' at previous = 2, w = 1: has 2 values but at previous = 0, w = 0 it has 4; an "
                + "enumerated site's number of values must not depend on its parents", e.getMessage());
    }

    @Test
    void anExpectedDomainSizeIsChecked() {
        SiteException e = assertThrows(SiteException.class, () -> Tabulation.table("x", NAMES, SIZES,
                a -> Categorical.ofProbs(probs(a[0], a[1])), 5));
        assertEquals("site 'x' at previous = 0, w = 0: has 4 values but its domain has 5 values elsewhere in the "
                + "model; an enumerated site has one number of values everywhere", e.getMessage());
        SiteException direct = assertThrows(SiteException.class, () -> Tabulation.checkDomain("x", "", 3, 4));
        assertEquals("site 'x': has 3 values but its domain has 4 values elsewhere in the model; an enumerated "
                + "site has one number of values everywhere", direct.getMessage());
    }

    @Test
    void badDistributionsAreReportedWithTheSiteAndTheAssignment() {
        assertMessage("site 'x' at previous = 1, w = 0: returned Normal, which has no finite support to enumerate",
                () -> Tabulation.table("x", NAMES, SIZES, a -> a[0] == 1 ? Normal.of(0, 1)
                        : Categorical.ofProbs(probs(0, 0))));
        assertMessage("site 'x' at previous = 0, w = 0: returned a batch of distributions (batch shape [2]); an "
                + "enumerated site draws one value per plate member, so its distribution has batch shape []",
                () -> Tabulation.table("x", NAMES, SIZES, a -> Categorical.of(Tensor.of(new double[] {
                    0.5, 0.5, 0.2, 0.8}, 2, 2))));
        assertMessage("site 'x' at previous = 0, w = 1: returned null",
                () -> Tabulation.table("x", NAMES, SIZES, a -> a[1] == 1 ? null : Categorical.ofProbs(0.5, 0.5)));
        assertMessage("site 'x' at previous = 2, w = 0: index 2 out of bounds",
                () -> Tabulation.table("x", NAMES, SIZES, a -> {
                    if (a[0] == 2) {
                        throw new IllegalStateException("index 2 out of bounds");
                    }
                    return Categorical.ofProbs(0.5, 0.5);
                }));
        assertMessage("site 'x' at previous = 1, w = 1: the log-probability of value 1 is NaN",
                () -> Tabulation.table("x", NAMES, SIZES, a -> new FixedLogProbs(0.0,
                        a[0] == 1 && a[1] == 1 ? Double.NaN : Double.NEGATIVE_INFINITY)));
        assertMessage("site 'x': the log-probability of value 0 is Infinity",
                () -> Tabulation.table("x", new String[0], new int[0], a -> new FixedLogProbs(
                        Double.POSITIVE_INFINITY)));
    }

    @Test
    void aBoundaryTableNamesWhatTheAbsentParentsReceiveBeforeTheAssignment() {
        assertMessage("site 'x' at yesterday = null, previous = 2, w = 1: returned null",
                () -> Tabulation.table("x", "yesterday = null", NAMES, SIZES,
                        a -> a[0] == 2 && a[1] == 1 ? null : Categorical.ofProbs(probs(a[0], a[1])), 4));
        assertMessage("site 'x' at yesterday = null: returned null",
                () -> Tabulation.table("x", "yesterday = null", new String[0], new int[0], a -> null, 4));
        Tensor table = Tabulation.table("x", "yesterday = null", NAMES, SIZES,
                a -> Categorical.ofProbs(probs(a[0], a[1])), 4);
        assertEquals(Tabulation.table("x", NAMES, SIZES, a -> Categorical.ofProbs(probs(a[0], a[1]))), table);
    }

    @Test
    void aDistributionThatCannotScoreItsValuesIsReportedWithTheRangeItWasAsked() {
        assertMessage("site 'x' at previous = 1, w = 0: cannot score its values 0..2: no scores here",
                () -> Tabulation.table("x", NAMES, SIZES, a -> a[0] == 1 ? new FixedLogProbs(0.0, -1.0, -2.0) {
                    @Override
                    public Tensor logProb(Tensor value) {
                        throw new IllegalStateException("no scores here");
                    }
                } : new FixedLogProbs(0.0, -1.0, -2.0)));
    }

    @Test
    void impossibleValuesStayMinusInfinity() {
        Tensor table = Tabulation.table("x", new String[0], new int[0],
                a -> new FixedLogProbs(0.0, Double.NEGATIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, table.get(1));
    }

    private static double[] probs(int previous, int w) {
        double[] p = {1 + previous, 2 + w, 1 + previous * w, 3};
        double sum = p[0] + p[1] + p[2] + p[3];
        for (int k = 0; k < 4; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
