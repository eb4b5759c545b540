package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;

/** Values, gradients (against finite differences) and errors of {@code cumsum} and {@code cumprod}. */
class CumulativeOpsTest {

    private static final Tensor M = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});

    private final Inputs inputs = new Inputs(31);

    @Test
    void runningSumsAndProductsAlongEitherDimension() {
        assertEquals(Tensor.matrix(new double[][] {{1, 3, 6}, {4, 9, 15}}), M.cumsum(1));
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}, {5, 7, 9}}), M.cumsum(0));
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 6}, {4, 20, 120}}), M.cumprod(-1));
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 10, 18}}), M.cumprod(-2));
        assertEquals(Tensor.zeros(0), Tensor.zeros(0).cumprod(0));
    }

    @Test
    void accumulatesLeftToRightAsTorch() {
        // (1e16 + 1) + -1e16 is 0 in double, while 1 + (1e16 + -1e16) would be 1: the order is observable.
        assertEquals(0.0, Tensor.vector(1e16, 1, -1e16).cumsum(0).get(2));
        // (1e200 * 1e200) * 1e-200 overflows to inf, while 1e200 * (1e200 * 1e-200) would be 1e200.
        assertEquals(Double.POSITIVE_INFINITY, Tensor.vector(1e200, 1e200, 1e-200).cumprod(0).get(2));
    }

    @Test
    void gradientsMatchFiniteDifferencesAlongEachDimension() {
        for (int[] shape : new int[][] {{4}, {2, 3}, {2, 3, 2}}) {
            for (int dim = -shape.length; dim < shape.length; dim++) {
                int d = dim;
                String at = "(" + dim + ") " + Shapes.str(shape);
                GradientChecker.check("cumsum" + at, x -> x[0].cumsum(d), inputs.uniform(-3, 3, shape));
                GradientChecker.check("cumprod" + at, x -> x[0].cumprod(d), inputs.uniform(-2, 2, shape));
            }
        }
    }

    @Test
    void cumprodGradientIsExactAtZeros() {
        // d/dx_k of sum(cumprod(x)) with x = [2, 0, 3, 0]: products skip x_k, so zeros elsewhere still count.
        Tensor x = Tensor.variable(Tensor.vector(2, 0, 3, 0));
        double[] gradient = Autodiff.gradients(x.cumprod(0).sum()).of(x).toArray();
        // d/dx1 = x0 + x0 x2 + x0 x2 x3 = 8 although x1 = 0; dividing y by x1 would give NaN.
        assertArrayEquals(new double[] {1, 8, 0, 0}, gradient);
    }

    @Test
    void aMissingDimensionIsReported() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> M.cumprod(2));
        assertEquals("cumprod: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])",
                error.getMessage());
    }
}
