package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The nested arrays of a query's answers over ragged plates, the bounds of the sizes a cost is evaluated at and of
 * the ids a layout accepts, and the binary units the cost prints.
 */
class NestingAndSizesTest {

    private final Layout layout = twoPlates();
    private final PlateInstances instances = PlateInstances.builder(layout).top(0, 3).nested(1, new int[] {2, 0, 1})
            .build();

    @Test
    void marginalsNestOnePlateLevelPerPlateThenTheValues() {
        double[] flat = {0.1, 0.9, 0.2, 0.8, 0.3, 0.7};   // three items of time, K = 2
        double[][][] nested = (double[][][]) Nesting.marginals(flat, instances, 0, 1);
        assertArrayEquals(new double[][][] {{{0.1, 0.9}, {0.2, 0.8}}, {}, {{0.3, 0.7}}}, nested);
        double[][] perSequence = (double[][]) Nesting.marginals(new double[] {1, 2, 3, 4, 5, 6}, instances, 0);
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}, {5, 6}}, perSequence);
        assertArrayEquals(new double[] {0.25, 0.75}, (double[]) Nesting.marginals(new double[] {0.25, 0.75},
                instances));
        PlateInstances none = PlateInstances.builder(layout).top(0, 0).nested(1, new int[0]).build();
        assertArrayEquals(new double[0][], (double[][]) Nesting.marginals(new double[0], none, 0));
    }

    @Test
    void assignmentsNestOnePlateLevelPerPlate() {
        assertArrayEquals(new int[][] {{1, 0}, {}, {2}}, (int[][]) Nesting.assignments(new int[] {1, 0, 2},
                instances, 0, 1));
        assertArrayEquals(new int[] {2, 0, 1}, (int[]) Nesting.assignments(new int[] {2, 0, 1}, instances, 0));
        assertEquals(4, Nesting.assignments(new int[] {4}, instances));
    }

    @Test
    void theSmallestSizesAreAccepted() {
        EliminationSizes sizes = EliminationSizes.NONE.domain("x", 1).instances("time", 0);
        assertEquals(1, CostFormula.parse("|x|^2 + #time").evaluate(sizes));
    }

    @Test
    void idsOneBeyondTheDeclaredAreRefused() {
        Layout.Builder b = Layout.builder();
        int p = b.plate("sequences", Layout.ROOT);
        assertThrows(IllegalArgumentException.class, () -> b.plate("time", p + 1));
        assertThrows(IllegalArgumentException.class, () -> b.variable("x", p + 1));
        int x = b.variable("x", p);
        assertThrows(IllegalArgumentException.class, () -> b.use(x + 1, 0));
        assertEquals(0, b.use(x, 1));
    }

    @Test
    void bytesArePrintedInBinaryUnits() {
        assertEquals("1023 B", EliminationCost.bytes(1023));
        assertEquals("1.0 KiB", EliminationCost.bytes(1024));
        assertEquals("1.5 MiB", EliminationCost.bytes(1.5 * 1024 * 1024));
        assertEquals("16.0 EiB", EliminationCost.bytes(16.0 * Math.pow(1024, 6)));
        assertEquals("16384.0 EiB", EliminationCost.bytes(16.0 * Math.pow(1024, 7)));
    }

    private static Layout twoPlates() {
        Layout.Builder b = Layout.builder();
        int sequences = b.plate("sequences", Layout.ROOT);
        b.plate("time", sequences);
        return b.build();
    }
}
