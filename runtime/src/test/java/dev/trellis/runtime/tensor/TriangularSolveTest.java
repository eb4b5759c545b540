package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;

/** solveLowerTriangular against matmul (L X must give back B) and against finite differences. */
class TriangularSolveTest {

    /** Pairs of L and B shapes: single, batched, and batches that broadcast either way. */
    private static final int[][][] SHAPE_PAIRS = {
        {{1, 1}, {1, 1}}, {{3, 3}, {3, 2}}, {{3, 3}, {4, 3, 1}}, {{2, 3, 3}, {3, 4}}, {{2, 1, 3, 3}, {5, 3, 2}},
    };

    private final Inputs inputs = new Inputs(71);

    @Test
    void multiplyingTheSolutionByLGivesBackTheRightHandSide() {
        for (int[][] pair : SHAPE_PAIRS) {
            Tensor l = lowerTriangular(pair[0]);
            Tensor b = inputs.uniform(-2, 2, pair[1]);
            Tensor x = l.solveLowerTriangular(b);
            Tensor back = l.matmul(x);
            assertArrayEquals(back.shape(), x.shape(), Shapes.str(pair[0]) + " \\ " + Shapes.str(pair[1]));
            assertArrayEquals(b.expand(back.shape()).toArray(), back.toArray(), 1e-13);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (int[][] pair : SHAPE_PAIRS) {
            GradientChecker.check("solveLowerTriangular " + Shapes.str(pair[0]) + " " + Shapes.str(pair[1]),
                    x -> x[0].solveLowerTriangular(x[1]), lowerTriangular(pair[0]), inputs.uniform(-2, 2, pair[1]));
        }
    }

    @Test
    void onlyTheLowerTriangleIsRead() {
        Tensor l = Tensor.matrix(new double[][] {{2, 99}, {1, 4}});
        Tensor x = l.solveLowerTriangular(Tensor.matrix(new double[][] {{2}, {9}}));
        assertEquals(Tensor.matrix(new double[][] {{1}, {2}}), x);
    }

    @Test
    void shapesThatDoNotFitAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).solveLowerTriangular(Tensor.zeros(2, 1)));
        assertEquals("solveLowerTriangular: needs L of shape [..., n, n] and B of shape [..., n, m], got [2, 3] and "
                + "[2, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3, 3).solveLowerTriangular(Tensor.zeros(4, 3, 1)));
        assertEquals("solveLowerTriangular: the batch dims of shapes [2, 3, 3] and [4, 3, 1] cannot be broadcast "
                + "together", e.getMessage());
    }

    /** Random lower-triangular matrices with a diagonal in [1, 2] (well conditioned) and zeros above it. */
    private Tensor lowerTriangular(int... shape) {
        int n = shape[shape.length - 1];
        double[] values = inputs.uniform(-1, 1, shape).toArray();
        double[] diagonal = inputs.uniform(1, 2, shape).toArray();
        for (int i = 0; i < values.length; i++) {
            int row = (i / n) % n;
            int col = i % n;
            values[i] = col > row ? 0 : col == row ? diagonal[i] : values[i];
        }
        return Tensor.of(values, shape);
    }
}
