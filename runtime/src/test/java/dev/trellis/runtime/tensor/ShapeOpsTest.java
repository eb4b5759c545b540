package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** reshape, unsqueeze, squeeze, expand, transpose and permute: values, gradients and errors. */
class ShapeOpsTest {

    private static final Tensor CUBE = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);

    private final Inputs inputs = new Inputs(31);

    @Test
    void reshapeKeepsRowMajorOrderAndInfersOneSize() {
        assertEquals(Tensor.of(CUBE.toArray(), 3, 4), CUBE.reshape(3, 4));
        assertArrayEquals(new int[] {6, 2}, CUBE.reshape(-1, 2).shape());
        assertArrayEquals(new int[] {12}, CUBE.reshape(-1).shape());
        assertEquals(Tensor.scalar(5), Tensor.vector(5).reshape());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(3, 0).reshape(0, 3).shape());
    }

    @Test
    void unsqueezeAndSqueezeAddAndDropSizeOneDims() {
        Tensor v = Tensor.vector(1, 2, 3);
        assertArrayEquals(new int[] {1, 3}, v.unsqueeze(0).shape());
        assertArrayEquals(new int[] {3, 1}, v.unsqueeze(1).shape());
        assertArrayEquals(new int[] {3, 1}, v.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {3}, v.unsqueeze(0).squeeze(0).shape());
        assertSame(v, v.squeeze(0));
        assertArrayEquals(new int[] {3}, Tensor.zeros(1, 3, 1).squeeze().shape());
        assertArrayEquals(new int[] {}, Tensor.zeros(1, 1).squeeze().shape());
    }

    @Test
    void expandRepeatsSizeOneDimsAsTorch() {
        Tensor column = Tensor.matrix(new double[][] {{1}, {2}});
        assertEquals(Tensor.matrix(new double[][] {{1, 1, 1}, {2, 2, 2}}), column.expand(2, 3));
        assertEquals(Tensor.matrix(new double[][] {{1, 1, 1}, {2, 2, 2}}), column.expand(-1, 3));
        assertArrayEquals(new int[] {4, 2, 3}, column.expand(4, 2, 3).shape());
        assertSame(column, column.expand(2, 1));
        assertEquals(Tensor.vector(7, 7), Tensor.scalar(7).expand(2));
    }

    @Test
    void transposeAndPermuteMoveDimensions() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Tensor.matrix(new double[][] {{1, 4}, {2, 5}, {3, 6}}), m.transpose());
        assertEquals(m, m.transpose().transpose());
        Tensor batched = CUBE.transpose();
        assertArrayEquals(new int[] {2, 2, 3}, batched.shape());
        assertEquals(CUBE.get(1, 2, 0), batched.get(1, 0, 2));
        Tensor permuted = CUBE.permute(2, 0, 1);
        assertArrayEquals(new int[] {2, 2, 3}, permuted.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(CUBE.get(i, j, k), permuted.get(k, i, j));
                }
            }
        }
        assertEquals(CUBE.transpose(0, 2), CUBE.permute(2, 1, 0));
        assertEquals(CUBE.permute(0, 2, 1), CUBE.permute(0, -1, -2));
    }

    @Test
    void gradientsFlowBackThroughEveryRearrangement() {
        Tensor x = inputs.uniform(-2, 2, 2, 3, 2);
        GradientChecker.check("reshape", t -> t[0].reshape(3, -1).mul(t[0].reshape(3, 4)), x);
        GradientChecker.check("unsqueeze", t -> t[0].unsqueeze(1).mul(t[0].unsqueeze(0)), x);
        GradientChecker.check("squeeze", t -> t[0].squeeze(), inputs.uniform(-2, 2, 1, 3, 1));
        GradientChecker.check("squeeze(dim)", t -> t[0].squeeze(0), inputs.uniform(-2, 2, 1, 3));
        GradientChecker.check("expand", t -> t[0].expand(4, 2, 3), inputs.uniform(-2, 2, 2, 1));
        GradientChecker.check("expand scalar", t -> t[0].expand(3, 2), inputs.uniform(-2, 2));
        GradientChecker.check("transpose", t -> t[0].transpose(), x);
        GradientChecker.check("transpose(0, 2)", t -> t[0].transpose(0, 2), x);
        Tensor weights = inputs.uniform(-1, 1, 3, 2, 2);
        GradientChecker.check("permute", t -> t[0].permute(1, 2, 0).mul(weights), x);
    }

    @Test
    void expandSumsTheGradientOverRepeats() {
        Tensor x = Tensor.variable(Tensor.matrix(new double[][] {{1}, {2}}));
        assertEquals(Tensor.matrix(new double[][] {{12}, {12}}), Autodiff.gradients(x.expand(4, 2, 3).sum()).of(x));
    }

    @Test
    void shapeErrorsNameBothShapes() {
        assertMessage("reshape: cannot reshape [2, 3, 2] (12 elements) to [5, -1]", () -> CUBE.reshape(5, -1));
        assertMessage("reshape: cannot reshape [2, 3, 2] (12 elements) to [-1, -1]", () -> CUBE.reshape(-1, -1));
        assertMessage("reshape: cannot reshape [2, 3, 2] (12 elements) to [13]", () -> CUBE.reshape(13));
        assertMessage("expand: cannot expand shape [2, 1] to [3, 4]: dim 0 has size 2, which is not 1",
                () -> Tensor.zeros(2, 1).expand(3, 4));
        assertMessage("expand: cannot expand shape [2, 1] to [4]: the target has fewer dims",
                () -> Tensor.zeros(2, 1).expand(4));
        assertMessage("expand: cannot expand shape [2] to [-1, 2]: a new leading dim needs a size >= 0, got -1",
                () -> Tensor.zeros(2).expand(-1, 2));
        assertMessage("permute: [0, 0, 1] is not a permutation of the dims of shape [2, 3, 2]",
                () -> CUBE.permute(0, 0, 1));
        assertMessage("permute: [1, 0] is not a permutation of the dims of shape [2, 3, 2]", () -> CUBE.permute(1, 0));
        assertMessage("transpose() needs a tensor of rank >= 2, got shape [3]", () -> Tensor.zeros(3).transpose());
        assertMessage("unsqueeze: dim 3 is out of range for shape [3] (expected a dim in [-2, 1])",
                () -> Tensor.zeros(3).unsqueeze(3));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
