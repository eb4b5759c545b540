package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Binding many rows of two folded plates whose shapes differ late in the data, in arrays and in tensors of many rows;
 * the shapes of the rows of a subsample; and the places that messages name inside tensors and rows.
 */
class RaggedDataBindingTest {

    private static final DataLevels GRID = DataLevels.of("w").plate("sequences").plate("time").folded("c")
            .folded("d").build();

    @Test
    void manyRowsWhoseShapesDifferOnlyLateKeepEveryRowsShapeAndValues() {
        List<Object> sequences = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int next = 0;
        // Twenty rows of one shape in one tensor, then rows of other shapes as arrays and as tensors of many rows.
        next = addTensor(sequences, shapes, values, 20, 1, 2, next);
        next = addArrays(sequences, shapes, values, new int[][] {{2, 1}, {1, 2}, {0, 0}, {3, 1}}, next);
        for (int s = 0; s < 6; s++) {
            next = addTensor(sequences, shapes, values, 7 + s, 1 + s % 3, 1 + s % 2, next);
        }
        next = addArrays(sequences, shapes, values, new int[][] {{1, 3}, {2, 2}}, next);
        next = addTensor(sequences, shapes, values, 300, 2, 1, next);   // more rows at once than the buffer doubled
        next = addArrays(sequences, shapes, values, new int[][] {{1, 3}, {2, 2}}, next);
        ObservedData data = GRID.bind(sequences);
        assertTrue(data.isRagged());
        assertEquals(shapes.size(), data.instances());
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(shapes.get(i), data.rowShape(i), "row " + i);
            assertArrayEquals(values.get(i), data.row(i).toArray(), "row " + i);
        }
        int last = shapes.size() - 1;
        assertEquals(last, (int) data.value(last, 3) - 3000, "the last entry of the last row");
        assertEquals(last + 1, next);
    }

    @Test
    void aFirstRaggedTensorOfMoreRowsThanCameBeforeItKeepsEveryRowsShapeAndValues() {
        // Twenty uniform rows, then the first rows of another shape as one tensor of thirty: the ragged shapes start
        // with more rows at once than there were before them.
        List<Object> sequences = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int next = addTensor(sequences, shapes, values, 20, 1, 2, 0);
        next = addTensor(sequences, shapes, values, 30, 2, 1, next);
        ObservedData data = GRID.bind(sequences);
        assertTrue(data.isRagged());
        assertEquals(50, data.instances());
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(shapes.get(i), data.rowShape(i), "row " + i);
            assertArrayEquals(values.get(i), data.row(i).toArray(), "row " + i);
        }
    }

    @Test
    void aBadEntryFarIntoRaggedRowsIsNamedByItsRowAndMember() {
        DataLevels items = DataLevels.of("obs").plate("groups").folded("items").build();
        List<double[]> groups = new ArrayList<>();
        for (int g = 0; g < 40; g++) {
            groups.add(new double[g % 3 + 1]);
        }
        groups.get(31)[1] = 0.5;
        assertMessage("site 'obs' at groups[31].items[1]: observed value 0.5 is not an integer",
                () -> items.bind(groups).integers(0));
    }

    @Test
    void aSubsampleOfRowsWithTwoFoldedPlatesHasTheirShapes() {
        ObservedData data = GRID.bind(List.of(new double[][][] {{{1, 2}, {3, 4}}}, new double[][][] {{{5, 6, 7}}},
                new double[0][][][], new double[][][] {{{8}}, {{9}}}));
        ObservedData subset = data.subsample(new int[] {1, 0, 3});
        assertTrue(subset.isRagged());
        assertArrayEquals(new int[] {1, 3}, subset.rowShape(0));
        assertArrayEquals(new int[] {2, 2}, subset.rowShape(1));
        assertArrayEquals(new int[] {1, 1}, subset.rowShape(2));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), subset.row(1));
        ObservedData empty = data.subsample(new int[] {2});
        assertEquals(0, empty.instances());
        assertFalse(empty.isRagged());
        ObservedData uniform = data.subsample(new int[] {3});
        assertFalse(uniform.isRagged());
        assertArrayEquals(new int[] {1, 1}, uniform.rowShape());
    }

    @Test
    void aUniformSubsampleOfRaggedRowsKeepsItsEventDimensions() {
        DataLevels mvn = DataLevels.of("x").plate("data").folded("sensors").event().build();
        ObservedData data = mvn.bind(new double[][][] {{{1, 2}, {3, 4}}, {}, {{5, 6}}});
        assertEquals(Tensor.of(new double[] {5, 6}, 1, 2), data.row(2));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), data.row(0));
        ObservedData one = data.subsample(new int[] {2});
        assertFalse(one.isRagged());
        assertArrayEquals(new int[] {1, 2}, one.rowShape());
        assertEquals(Tensor.of(new double[] {5, 6}, 1, 1, 2), one.rows());
    }

    @Test
    void rowShapesWhoseHashCodesCollideStayApart() {
        // Arrays.hashCode({1, 31}) == Arrays.hashCode({2, 0}) == 1023.
        DataLevels grid = DataLevels.of("w").plate("p").folded("c").folded("d").build();
        double[][][] rows = {{new double[31]}, {{}, {}}, {new double[31]}};
        ObservedData data = grid.bind(rows);
        assertArrayEquals(new int[] {1, 31}, data.rowShape(0));
        assertArrayEquals(new int[] {2, 0}, data.rowShape(1));
        assertArrayEquals(new int[] {1, 31}, data.rowShape(2));
        assertEquals(0, data.rowWidth(1));
    }

    @Test
    void aTensorAfterArraysIsNamedAtItsOwnFirstRow() {
        DataLevels mvn = DataLevels.of("x").plate("sequences").plate("time").event().build();
        assertMessage("site 'x' at sequences[1].time[0]: has 3 entries in event dimension 0 but sequences[0].time[0] "
                + "has 2; every draw has the same event shape",
                () -> mvn.bind(List.of(new double[][] {{1, 2}, {3, 4}}, Tensor.zeros(1, 3))));
    }

    @Test
    void aNaNInsideATensorIsNamedByEveryIndex() {
        DataLevels hmm = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();
        assertMessage("site 'y' at sequences[0].time[1].tones[1]: observed value is NaN",
                () -> hmm.bind(List.of(Tensor.of(new double[] {0, 0, 0, 0, Double.NaN, 0}, 2, 3))));
    }

    @Test
    void aFoldedPlateEmptyUnderOneMemberAndNotUnderAnotherIsRefused() {
        DataLevels grid = DataLevels.of("w").plate("p").folded("c").folded("d").build();
        assertMessage("site 'w' at p[0].c[1]: has 2 members of plate 'd' but p[0].c[0] has 0; the folded plates of "
                + "one observation are dense: every member of plate 'c' there has the same members of plate 'd'",
                () -> grid.bind(new double[][][] {{{}, {1, 2}}}));
    }

    @Test
    void oneLongRowIsReadWhole() {
        DataLevels tones = DataLevels.of("y").plate("days").folded("tones").build();
        double[] long1 = new double[1000];
        double[] long2 = new double[1000];
        for (int d = 0; d < 1000; d++) {
            long1[d] = d;
            long2[d] = -d;
        }
        ObservedData data = tones.bind(List.of(long1, long2));
        assertEquals(Tensor.vector(long1), data.row(0));
        assertEquals(Tensor.vector(long2), data.row(1));
    }

    /** Adds a sequence of {@code steps} rows of shape [c, d] as one tensor; entries number the rows. */
    private static int addTensor(List<Object> sequences, List<int[]> shapes, List<double[]> values, int steps, int c,
                                 int d, int next) {
        double[] all = new double[steps * c * d];
        for (int t = 0; t < steps; t++) {
            double[] row = row(next + t, c * d);
            System.arraycopy(row, 0, all, t * c * d, c * d);
            shapes.add(new int[] {c, d});
            values.add(row);
        }
        sequences.add(Tensor.of(all, steps, c, d));
        return next + steps;
    }

    /** Adds a sequence of one row per shape, as nested arrays. */
    private static int addArrays(List<Object> sequences, List<int[]> shapes, List<double[]> values, int[][] rowShapes,
                                 int next) {
        double[][][] sequence = new double[rowShapes.length][][];
        for (int t = 0; t < rowShapes.length; t++) {
            int c = rowShapes[t][0];
            int d = rowShapes[t][1];
            double[] row = row(next + t, c * d);
            sequence[t] = new double[c][d];
            for (int i = 0; i < c; i++) {
                System.arraycopy(row, i * d, sequence[t][i], 0, d);
            }
            shapes.add(new int[] {c, d});
            values.add(row);
        }
        sequences.add(sequence);
        return next + rowShapes.length;
    }

    /** Entry m of row r is {@code 1000 m + r}: every entry names its row. */
    private static double[] row(int r, int width) {
        double[] row = new double[width];
        for (int m = 0; m < width; m++) {
            row[m] = 1000.0 * m + r;
        }
        return row;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
