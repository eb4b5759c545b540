package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Flat per-instance results to the nested arrays of the generated API and back, ragged and dense. */
class NestedArraysTest {

    /** Three sequences of 2, 0 and 3 steps. */
    private static final int[][] RAGGED = {{3}, {2, 0, 3}};

    @Test
    void marginalsOfRaggedSequencesNestBySequenceStepAndValue() {
        double[] flat = new double[5 * 2];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        double[][][] nested = (double[][][]) NestedArrays.nest(flat, RAGGED, 2);
        assertEquals(3, nested.length);
        assertArrayEquals(new double[][] {{0, 1}, {2, 3}}, nested[0]);
        assertEquals(0, nested[1].length);
        assertArrayEquals(new double[][] {{4, 5}, {6, 7}, {8, 9}}, nested[2]);
        NestedArrays.Flattened back = NestedArrays.flatten(nested, 2, 1);
        assertArrayEquals(flat, back.values());
        assertArrayEquals(RAGGED, back.counts());
        assertArrayEquals(new int[] {2}, back.inner());
    }

    @Test
    void assignmentsNestWithoutInnerDimensions() {
        int[][] nested = (int[][]) NestedArrays.nest(new int[] {1, 0, 2, 2, 1}, RAGGED);
        assertArrayEquals(new int[][] {{1, 0}, {}, {2, 2, 1}}, nested);
        assertArrayEquals(new int[] {1, 0, 2, 2, 1}, NestedArrays.flatten(nested, 2, 0).ints());
        int[] single = (int[]) NestedArrays.nest(new int[] {4, 5, 6}, new int[][] {{3}});
        assertArrayEquals(new int[] {4, 5, 6}, single);
    }

    @Test
    void simulatedObservationsKeepTheirFoldedAndEventDimensions() {
        double[] flat = new double[2 * 3 * 2 * 2];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i / 10.0;
        }
        double[][][][] nested = (double[][][][]) NestedArrays.nest(flat, NestedArrays.uniformCounts(2, 3), 2, 2);
        assertEquals(0.0, nested[0][0][0][0]);
        assertEquals(0.3, nested[0][0][1][1]);
        assertEquals(flat[(1 * 3 + 2) * 4 + 2], nested[1][2][1][0]);
        assertArrayEquals(flat, NestedArrays.flatten(nested, 2, 2).values());
    }

    @Test
    void threeInnerDimensionsNestRowMajorAndFlattenBack() {
        double[] flat = new double[2 * 2 * 3 * 2];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        double[][][][] nested = (double[][][][]) NestedArrays.nest(flat, NestedArrays.uniformCounts(2), 2, 3, 2);
        for (int q = 0; q < 2; q++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 2; c++) {
                        assertEquals(((q * 2 + a) * 3 + b) * 2 + c, nested[q][a][b][c]);
                    }
                }
            }
        }
        assertArrayEquals(flat, NestedArrays.flatten(nested, 1, 3).values());
    }

    @Test
    void innerDimensionsOfAnotherExtentAreAnErrorNamingBothPlaces() {
        double[][][] ragged = {{{1, 2}, {3, 4}}, {{5, 6, 7}}};
        dev.trellis.runtime.errors.SiteException e = assertThrows(dev.trellis.runtime.errors.SiteException.class,
                () -> NestedArrays.flatten(ragged, 2, 1));
        assertEquals("site 'result' at level0[1].level1[0]: has inner dimensions [3] but level0[0].level1[0] has [2]; "
                + "a result's inner dimensions are the same everywhere", e.getMessage());
    }

    @Test
    void aValueAtTheRootNestsOnlyItsInnerDimensions() {
        double[][] matrix = (double[][]) NestedArrays.nest(new double[] {1, 2, 3, 4, 5, 6}, new int[0][], 2, 3);
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, matrix);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NestedArrays.nest(new double[] {1}, new int[0][]));
        assertEquals("nothing to nest: a value at the root without inner dimensions is the flat array's only entry",
                e.getMessage());
    }

    @Test
    void uniformCountsRepeatEachSizePerParentInstance() {
        assertArrayEquals(new int[][] {{2}, {3, 3}, {4, 4, 4, 4, 4, 4}}, NestedArrays.uniformCounts(2, 3, 4));
        assertArrayEquals(new int[][] {{0}, {}}, NestedArrays.uniformCounts(0, 5));
    }

    @Test
    void inconsistentCountsAreRejected() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> NestedArrays.nest(new double[4], RAGGED, 2));
        assertEquals("the counts give 5 instances of 2 entries, but the flat array has 4", length.getMessage());
        IllegalArgumentException levels = assertThrows(IllegalArgumentException.class,
                () -> NestedArrays.nest(new double[5], new int[][] {{3}, {2, 3}}));
        assertEquals("plate level 1 has 2 counts but the level above has 3 instances", levels.getMessage());
    }

    @Test
    void theCountsOfObservedDataNestResultsAlongTheSamePlates() {
        ObservedData data = DataLevels.of("y").plate("sequences").plate("time").build()
                .bind(List.of(new int[] {1, 2}, new int[] {}, new int[] {3, 4, 5}));
        assertArrayEquals(RAGGED, data.countsUpTo(2));
        double[][] perSequence = (double[][]) NestedArrays.nest(new double[] {0.1, 0.9, 0.5, 0.5, 0.3, 0.7},
                data.countsUpTo(1), 2);
        assertArrayEquals(new double[][] {{0.1, 0.9}, {0.5, 0.5}, {0.3, 0.7}}, perSequence);
    }
}
