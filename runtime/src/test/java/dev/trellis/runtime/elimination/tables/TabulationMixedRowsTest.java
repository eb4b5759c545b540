package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Tables whose rows are not all categoricals of one parameterisation: the categoricals held back for one stacked
 * {@code log} must be scored in their place, before the rows that follow them, and exactly once.
 */
class TabulationMixedRowsTest {

    private static final String[] NAMES = {"previous"};

    @Test
    void categoricalsBeforeAnotherFamilyKeepTheirPlaceInTheTable() {
        checkRows(4, a -> a == 2 ? new FixedLogProbs(Math.log(0.3), Math.log(0.7)) : Categorical.ofProbs(probs(a)));
    }

    @Test
    void categoricalsAfterAnotherFamilyAreScoredInTheirPlace() {
        checkRows(4, a -> a == 0 ? new FixedLogProbs(Math.log(0.6), Math.log(0.4)) : Categorical.ofProbs(probs(a)));
    }

    @Test
    void categoricalsOfProbsAndOfLogitsTogetherAreScoredOneByOne() {
        checkRows(5, a -> a % 2 == 0 ? Categorical.ofProbs(probs(a))
                : Categorical.ofLogits(Tensor.vector(new double[] {0.3 * a, -0.2 * a})));
    }

    @Test
    void aBadRowAfterHeldBackCategoricalsIsReportedAtItsOwnAssignment() {
        SiteException e = assertThrows(SiteException.class,
                () -> Tabulation.table("x", NAMES, new int[] {3},
                        a -> a[0] == 2 ? new FixedLogProbs(0.0, Double.NaN) : Categorical.ofProbs(probs(a[0]))));
        assertEquals("site 'x' at previous = 2: the log-probability of value 1 is NaN", e.getMessage());
    }

    /** Tabulates rows 0..cells-1 and checks each against its own distribution's log-probabilities. */
    private static void checkRows(int cells, IntFunction<Distribution> row) {
        Tensor table = Tabulation.table("x", NAMES, new int[] {cells}, a -> row.apply(a[0]));
        assertArrayEquals(new int[] {cells, 2}, table.shape());
        for (int a = 0; a < cells; a++) {
            Tensor own = row.apply(a).logProb(Tensor.arange(2));
            for (int k = 0; k < 2; k++) {
                assertEquals(own.get(k), table.get(a, k), 0.0, "row " + a + ", value " + k);
            }
        }
    }

    private static double[] probs(int a) {
        double p = (1.0 + a) / (3.0 + 2 * a);
        return new double[] {p, 1 - p};
    }
}
