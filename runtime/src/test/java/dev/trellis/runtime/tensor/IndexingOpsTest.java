package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** select, slice, index, gather, cat and stack: values, gradients and errors. */
class IndexingOpsTest {

    private static final Tensor M = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private static final Tensor CUBE = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);

    private final Inputs inputs = new Inputs(41);

    @Test
    void selectDropsTheDimensionAndRowIsSelectZero() {
        assertEquals(Tensor.vector(2, 5), M.select(1, 1));
        assertEquals(Tensor.vector(4, 5, 6), M.select(0, 1));
        assertEquals(Tensor.vector(3, 6), M.select(-1, 2));
        assertEquals(M.select(0, 1), M.row(1));
        assertEquals(Tensor.matrix(new double[][] {{1, 3, 5}, {7, 9, 11}}), CUBE.select(2, 1));
        assertEquals(Tensor.scalar(2), Tensor.vector(1, 2).select(0, 1));
    }

    @Test
    void rowCarriesGradients() {
        Tensor table = Tensor.variable(M);
        Tensor loss = table.row(1).mul(Tensor.vector(1, 2, 3)).sum();
        assertEquals(Tensor.matrix(new double[][] {{0, 0, 0}, {1, 2, 3}}), Autodiff.gradients(loss).of(table));
    }

    @Test
    void sliceKeepsTheRank() {
        assertEquals(Tensor.matrix(new double[][] {{2, 3}, {5, 6}}), M.slice(1, 1, 3));
        assertEquals(Tensor.zeros(2, 0), M.slice(1, 2, 2));
        assertEquals(Tensor.of(new double[] {6, 7, 8, 9, 10, 11}, 1, 3, 2), CUBE.slice(0, 1, 2));
    }

    @Test
    void indexPicksSlicesInOrderWithRepeats() {
        assertEquals(Tensor.matrix(new double[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}), M.index(0, new int[] {1, 0, 1}));
        assertEquals(Tensor.matrix(new double[][] {{3, 1}, {6, 4}}), M.index(1, new int[] {2, 0}));
        Tensor byTensor = M.index(1, Tensor.matrix(new double[][] {{0, 2}, {1, 1}}));
        assertArrayEquals(new int[] {2, 2, 2}, byTensor.shape());
        assertEquals(Tensor.matrix(new double[][] {{4, 6}, {5, 5}}), byTensor.select(0, 1));
        assertEquals(Tensor.vector(3, 6), M.index(1, Tensor.scalar(2)));
    }

    @Test
    void repeatedIndicesAccumulateTheirGradients() {
        Tensor x = Tensor.variable(Tensor.vector(10, 20, 30));
        Tensor picked = x.index(0, new int[] {2, 0, 2, 2});
        assertEquals(Tensor.vector(1, 0, 3), Autodiff.gradients(picked.sum()).of(x));
    }

    @Test
    void gatherPicksOneEntryPerPositionAsTorch() {
        Tensor categories = Tensor.matrix(new double[][] {{2}, {0}});
        assertEquals(Tensor.matrix(new double[][] {{3}, {4}}), M.gather(1, categories));
        assertEquals(Tensor.matrix(new double[][] {{3}, {4}}), M.gather(1, new int[] {2, 0}));
        assertEquals(Tensor.matrix(new double[][] {{4, 2, 6}}), M.gather(0, new int[] {1, 0, 1}));
        assertEquals(Tensor.matrix(new double[][] {{4, 2}}),
                M.gather(0, Tensor.matrix(new double[][] {{1, 0}})));
        Tensor smallerIndex = CUBE.gather(1, Tensor.of(new double[] {2, 0}, 1, 1, 2));
        assertEquals(Tensor.of(new double[] {4, 1}, 1, 1, 2), smallerIndex);
    }

    @Test
    void catAndStackJoinAlongOldAndNewDimensions() {
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}),
                Tensor.cat(0, M, Tensor.matrix(new double[][] {{7, 8, 9}})));
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3, 0}, {4, 5, 6, 0}}), Tensor.cat(-1, M, Tensor.zeros(2, 1)));
        assertEquals(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}),
                Tensor.stack(0, Tensor.vector(1, 2), Tensor.vector(3, 4)));
        assertEquals(Tensor.matrix(new double[][] {{1, 3}, {2, 4}}),
                Tensor.stack(1, List.of(Tensor.vector(1, 2), Tensor.vector(3, 4))));
        assertEquals(Tensor.vector(1, 2, 3), Tensor.stack(0, Tensor.scalar(1), Tensor.scalar(2), Tensor.scalar(3)));
    }

    @Test
    void gradientsFlowThroughEveryIndexingOperation() {
        Tensor x = inputs.uniform(-2, 2, 2, 3, 2);
        GradientChecker.check("select", t -> t[0].select(1, 2), x);
        GradientChecker.check("slice", t -> t[0].slice(1, 1, 3), x);
        GradientChecker.check("index repeats", t -> t[0].index(1, new int[] {2, 0, 2}), x);
        GradientChecker.check("index tensor", t -> t[0].index(-1, Tensor.matrix(new double[][] {{1, 1}, {0, 1}})), x);
        GradientChecker.check("gather", t -> t[0].gather(2, new int[] {1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1}), x);
        GradientChecker.check("gather smaller", t -> t[0].gather(0, Tensor.of(new double[] {1, 0, 1}, 1, 3, 1)), x);
        GradientChecker.check("row", t -> t[0].row(1), x);
        GradientChecker.check("cat", t -> Tensor.cat(1, t[0], t[1].mul(t[0].slice(1, 0, 1))), x,
                inputs.uniform(-2, 2, 2, 1, 2));
        GradientChecker.check("stack", t -> Tensor.stack(2, t[0], t[1], t[0]), inputs.uniform(-2, 2, 3, 2),
                inputs.uniform(-2, 2, 3, 2));
    }

    @Test
    void indexErrorsNameTheIndexDimAndShape() {
        assertMessage("select: index 3 is out of bounds for dim 1 of size 3 (shape [2, 3])", () -> M.select(1, 3));
        assertMessage("select: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])",
                () -> M.select(2, 0));
        assertMessage("slice: [2, 1) is not a range within dim 1 of size 3 (shape [2, 3])", () -> M.slice(1, 2, 1));
        assertMessage("slice: [0, 4) is not a range within dim 1 of size 3 (shape [2, 3])", () -> M.slice(1, 0, 4));
        assertMessage("index: index -1 is out of bounds for dim 0 of size 2 (shape [2, 3])",
                () -> M.index(0, new int[] {0, -1}));
        assertMessage("index: index 1.5 at position 1 (row-major) of the index of shape [2] is not an integer in "
                + "[0, 3) for dim 1 of shape [2, 3]", () -> M.index(1, Tensor.vector(0, 1.5)));
        assertMessage("gather: index of shape [2] does not fit input of shape [2, 3] along dim 1 (same rank, and no "
                + "larger outside dim 1)", () -> M.gather(1, Tensor.vector(0, 1)));
        assertMessage("gather: index of shape [3, 1] does not fit input of shape [2, 3] along dim 1 (same rank, and "
                + "no larger outside dim 1)", () -> M.gather(1, Tensor.zeros(3, 1)));
        assertMessage("gather: index 3.0 at position 0 (row-major) of the index of shape [2, 1] is not an integer in "
                + "[0, 3) for dim 1 of shape [2, 3]", () -> M.gather(1, new int[] {3, 0}));
        assertMessage("gather: 3 indices do not make whole rows of 2 for the other dims of shape [2, 3] along dim 1",
                () -> M.gather(1, new int[] {0, 1, 2}));
    }

    @Test
    void joinErrorsNameBothShapes() {
        assertMessage("cat: tensor 1 has shape [2, 2] but tensor 0 has shape [2, 3]; they must match except in dim 0",
                () -> Tensor.cat(0, M, Tensor.zeros(2, 2)));
        assertMessage("cat: tensor 1 has shape [3] but tensor 0 has shape [2, 3]; they must match except in dim 1",
                () -> Tensor.cat(1, M, Tensor.zeros(3)));
        assertMessage("stack: tensor 1 has shape [3] but tensor 0 has shape [2]; all must have the same shape",
                () -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(3)));
        assertMessage("cat: needs at least one tensor", () -> Tensor.cat(0));
        assertMessage("cat: cannot concatenate scalars (shape []); use stack",
                () -> Tensor.cat(0, Tensor.scalar(1), Tensor.scalar(2)));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
