package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpandAndToEventTest {
    private final Categorical coin = Categorical.ofProbs(0.25, 0.75);

    @Test
    void expandGivesEveryBatchMemberAnIndependentDraw() {
        Distribution grid = coin.expand(200, 3);
        assertArrayEquals(new int[] {200, 3}, grid.batchShape());
        Tensor draw = grid.sample(Rng.seeded(4));
        assertArrayEquals(new int[] {200, 3}, draw.shape());
        double ones = draw.sum().item();
        // 600 Bernoulli(0.75) draws: mean 450, sd ~10.6; identical columns would show up as a multiple of 3 only by
        // chance, so also check the columns differ somewhere.
        assertTrue(Math.abs(ones - 450) < 50, "ones = " + ones);
        assertTrue(!draw.select(1, 0).equals(draw.select(1, 1)), "columns drawn independently");
    }

    @Test
    void expandedLogProbBroadcastsTheValueAgainstTheNewBatch() {
        Distribution row = coin.expand(3);
        Tensor logProb = row.logProb(Tensor.vector(1, 0, 1));
        assertArrayEquals(new double[] {Math.log(0.75), Math.log(0.25), Math.log(0.75)}, logProb.toArray(), 1e-15);
        assertArrayEquals(new int[] {3}, row.logProb(Tensor.scalar(1)).shape());
        assertArrayEquals(new int[] {3}, row.entropy().shape());
    }

    @Test
    void expandRejectsShapesTheBatchDoesNotBroadcastTo() {
        Distribution row = coin.expand(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> row.expand(4));
        assertTrue(e.getMessage().contains("cannot expand"), e.getMessage());
    }

    @Test
    void toEventSumsTheReinterpretedDimensions() {
        Distribution vector = coin.expand(2, 3).toEvent(1);
        assertArrayEquals(new int[] {2}, vector.batchShape());
        assertArrayEquals(new int[] {3}, vector.eventShape());
        assertEquals(new Constraint.Independent(new Constraint.IntegerInterval(0, 1), 1), vector.support());
        Tensor value = Tensor.matrix(new double[][] {{1, 1, 0}, {0, 0, 0}});
        assertArrayEquals(new double[] {2 * Math.log(0.75) + Math.log(0.25), 3 * Math.log(0.25)},
                vector.logProb(value).toArray(), 1e-14);
        assertEquals(coin.entropy().item() * 3, vector.entropy().toArray()[0], 1e-15);
        assertArrayEquals(new int[] {4, 2}, vector.expand(4, 2).batchShape());
        assertArrayEquals(new int[] {3}, vector.expand(4, 2).eventShape());
    }

    @Test
    void toEventRejectsMoreDimensionsThanTheBatchHas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> coin.expand(2).toEvent(2));
        assertTrue(e.getMessage().contains("toEvent(2)"), e.getMessage());
    }

    @Test
    void logProbNamesTheIndexAndValueOutsideTheSupport() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> coin.logProb(Tensor.vector(0, 1, 2)));
        assertEquals("value[2] = 2.0 is outside the support integer_interval(0, 1) of Categorical(probs=[0.25, 0.75])",
                e.getMessage());
    }

    /** Member i of this batch always draws category i: where each draw lands shows which member made it. */
    private static final Categorical DIAGONAL = Categorical.of(Tensor.eye(3));

    @Test
    void expandedDrawsComeFromTheMemberEachEntryBroadcastsFrom() {
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2}, DIAGONAL.expand(2, 3).sample(Rng.seeded(1)).toArray());
        Categorical column = Categorical.of(Tensor.eye(3).reshape(3, 1, 3));   // batch [3, 1]
        Tensor grid = column.expand(2, 3, 4).sample(Rng.seeded(2));
        assertArrayEquals(new int[] {2, 3, 4}, grid.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2},
                grid.toArray());
    }

    @Test
    void expandedVectorDrawsKeepTheirEventsWhole() {
        OneHotCategorical diagonal = OneHotCategorical.of(Tensor.eye(2));   // member i draws e_i
        Tensor draws = diagonal.expand(3, 2).sample(Rng.seeded(3));
        assertArrayEquals(new int[] {3, 2, 2}, draws.shape());
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}, draws.toArray());
    }

    @Test
    void toEventCanTakeTheWholeBatchAndStacks() {
        Distribution grid = coin.expand(2, 3);
        Tensor value = Tensor.matrix(new double[][] {{1, 1, 0}, {0, 0, 0}});
        double all = 2 * Math.log(0.75) + 4 * Math.log(0.25);
        Distribution whole = grid.toEvent(2);
        assertArrayEquals(new int[0], whole.batchShape());
        assertArrayEquals(new int[] {2, 3}, whole.eventShape());
        assertEquals(all, whole.logProb(value).item(), 1e-14);
        Distribution stacked = grid.toEvent(1).toEvent(1);
        assertArrayEquals(new int[0], stacked.batchShape());
        assertArrayEquals(new int[] {2, 3}, stacked.eventShape());
        assertEquals(all, stacked.logProb(value).item(), 1e-14);
        Distribution rows = grid.toEvent(1);
        assertSame(rows, rows.toEvent(0), "toEvent(0) is the identity");
    }

    @Test
    void withSeveralBroadcastAndKeptDimensionsEveryEntryIsItsOwnDrawOfItsOwnMember() {
        // Base batch [2, 1, 3, 1] of six gammas with means 100, 400, ..., 102400 (relative sd at most 0.1), expanded
        // to [2, 2, 3, 2]: each entry must come from member (i, k) of the base and no draw may be used twice.
        double[] concentrations = {100, 400, 1600, 6400, 25600, 102400};
        Distribution base = Gamma.of(Tensor.of(concentrations, 2, 1, 3, 1), Tensor.scalar(1.0));
        double[] draws = base.expand(2, 2, 3, 2).sample(Rng.seeded(6)).toArray();
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 2; l++) {
                        double x = draws[((i * 2 + j) * 3 + k) * 2 + l];
                        double mean = concentrations[i * 3 + k];
                        assertTrue(x > 0.6 * mean && x < 1.4 * mean, "entry " + List.of(i, j, k, l) + " = " + x
                                + " is no draw of the member with mean " + mean);
                        distinct.add(x);
                    }
                }
            }
        }
        assertEquals(24, distinct.size(), "every entry is an independent draw");
    }
}

