package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TensorTest {

    @Test
    void factoriesGiveTheRankAndShapeTheyName() {
        Tensor scalar = Tensor.scalar(2.5);
        assertEquals(0, scalar.rank());
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(1, scalar.numElements());
        assertEquals(2.5, scalar.get());

        Tensor vector = Tensor.vector(1, 2, 3);
        assertEquals(1, vector.rank());
        assertEquals(3, vector.size(0));
        assertEquals(3.0, vector.get(2));

        Tensor matrix = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[] {2, 3}, matrix.shape());
        assertEquals(6, matrix.numElements());
        assertEquals(6.0, matrix.get(1, 2));

        Tensor cube = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        assertEquals(3, cube.rank());
        assertEquals(5.0, cube.get(1, 0, 1));
    }

    @Test
    void tensorsCopyTheirInputsAndOutputs() {
        double[] data = {1, 2};
        double[][] rows = {{1, 2}, {3, 4}};
        Tensor vector = Tensor.vector(data);
        Tensor matrix = Tensor.matrix(rows);
        data[0] = 99;
        rows[0][0] = 99;
        vector.toArray()[1] = 99;
        matrix.toRows()[1][1] = 99;
        vector.shape()[0] = 99;
        assertEquals(Tensor.vector(1, 2), vector);
        assertEquals(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}), matrix);
    }

    @Test
    void valuesWithoutCopyAreTheTensorsOwnRowMajorElements() {
        Tensor matrix = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {1, 2, 3, 4}, matrix.valuesWithoutCopy());
        assertSame(matrix.valuesWithoutCopy(), matrix.valuesWithoutCopy());
        assertNotSame(matrix.valuesWithoutCopy(), matrix.toArray());
    }

    @Test
    void ofWithoutCopyBuildsOnTheHandedOverArrayAndChecksTheShape() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Tensor tensor = Tensor.ofWithoutCopy(values, 2, 3);
        assertSame(values, tensor.valuesWithoutCopy());
        assertEquals(Tensor.of(values, 2, 3), tensor);
        assertMessage("shape [4] holds 4 elements but data has 6", () -> Tensor.ofWithoutCopy(values, 4));
    }

    @Test
    void raggedRowsAreRejectedNamingTheRow() {
        assertMessage("ragged rows: row 2 has length 1 but row 0 has length 2",
                () -> Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5}}));
        assertMessage("row 1 is null", () -> Tensor.matrix(new double[][] {{1, 2}, null}));
    }

    @Test
    void shapesThatDoNotMatchTheDataAreRejected() {
        assertMessage("shape [2, 3] holds 6 elements but data has 5", () -> Tensor.of(new double[5], 2, 3));
        assertMessage("size of dim 1 is -1; sizes must be >= 0 (shape [2, -1])", () -> Tensor.of(new double[0], 2, -1));
        assertEquals(0, Tensor.of(new double[0], 0, 4).numElements());
    }

    @Test
    void outOfBoundsIndicesNameTheDimIndexAndSize() {
        Tensor matrix = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertMessage("index 3 is out of bounds for dim 1 of size 3 (shape [2, 3])", () -> matrix.get(1, 3));
        assertMessage("index -1 is out of bounds for dim 0 of size 2 (shape [2, 3])", () -> matrix.get(-1, 0));
        assertMessage("got 1 indices for a rank-2 tensor of shape [2, 3]", () -> matrix.get(1));
        assertMessage("size: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])", () -> matrix.size(2));
        assertEquals(3, matrix.size(-1));
        assertEquals(2, matrix.size(-2));
    }

    @Test
    void rowSlicesTheFirstDimension() {
        Tensor matrix = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Tensor.vector(4, 5, 6), matrix.row(1));
        Tensor cube = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        assertEquals(Tensor.matrix(new double[][] {{4, 5}, {6, 7}}), cube.row(1));
        assertMessage("row index 2 is out of bounds for dim 0 of size 2 (shape [2, 3])", () -> matrix.row(2));
        assertMessage("row(0) needs a tensor of rank >= 2, got rank 1 with shape [3]", () -> Tensor.vector(1, 2, 3).row(0));
    }

    @Test
    void toMatrixAndFromMatrixRoundTrip() {
        Tensor matrix = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DMatrixRMaj ejml = matrix.toMatrix();
        assertEquals(2, ejml.numRows);
        assertEquals(3, ejml.numCols);
        assertEquals(6.0, ejml.get(1, 2));
        ejml.set(0, 0, 99);   // a copy: the tensor is unchanged
        assertEquals(1.0, matrix.get(0, 0));
        assertEquals(Tensor.matrix(new double[][] {{99, 2, 3}, {4, 5, 6}}), Tensor.fromMatrix(ejml));
        assertEquals(matrix, Tensor.fromMatrix(matrix.toMatrix()));

        DMatrixRMaj column = Tensor.vector(7, 8).toMatrix();
        assertEquals(2, column.numRows);
        assertEquals(1, column.numCols);
        assertMessage("toMatrix() needs a tensor of rank <= 2, got shape [2, 2, 2]",
                () -> Tensor.of(new double[8], 2, 2, 2).toMatrix());
    }

    @Test
    void toRowsNeedsAMatrix() {
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).toRows());
        assertMessage("toRows() needs a rank-2 tensor, got shape [2]", () -> Tensor.vector(1, 2).toRows());
    }

    @Test
    void equalTensorsHaveTheSameShapeAndElements() {
        assertEquals(Tensor.vector(1, 2, 3, 4), Tensor.of(new double[] {1, 2, 3, 4}, 4));
        assertEquals(Tensor.vector(1, 2).hashCode(), Tensor.of(new double[] {1, 2}, 2).hashCode());
        assertNotEquals(Tensor.vector(1, 2, 3, 4), Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        assertNotEquals(Tensor.vector(1, 2), Tensor.vector(1, 3));
        assertEquals(Tensor.scalar(Double.NaN), Tensor.scalar(Double.NaN));
    }

    @Test
    void toStringShowsShapeAndNestedElements() {
        assertEquals("Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]", Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("Tensor[] 5.0", Tensor.scalar(5).toString());
        assertEquals("Tensor[2000] (2000 elements)", Tensor.of(new double[2000], 2000).toString());
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
