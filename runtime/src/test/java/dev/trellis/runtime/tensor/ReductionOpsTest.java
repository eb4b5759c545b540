package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Values, shapes, edge values and errors of the reductions and softmax. */
class ReductionOpsTest {

    private static final Tensor M = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void reductionsDropOrKeepTheDimension() {
        assertEquals(Tensor.scalar(21), M.sum());
        assertEquals(Tensor.vector(5, 7, 9), M.sum(0, false));
        assertEquals(Tensor.matrix(new double[][] {{6}, {15}}), M.sum(1, true));
        assertEquals(Tensor.vector(6, 15), M.sum(-1, false));
        assertEquals(Tensor.scalar(3.5), M.mean());
        assertEquals(Tensor.vector(2.5, 3.5, 4.5), M.mean(0, false));
        assertEquals(Tensor.vector(3, 6), M.max(1, false));
        assertEquals(Tensor.matrix(new double[][] {{1, 2, 3}}), M.min(0, true));
        assertEquals(Tensor.vector(1, 1, 1), M.argMax(0));
        assertEquals(Tensor.vector(0, 0), M.argMin(1));
        assertEquals(Tensor.scalar(0), Tensor.zeros(0).sum());
        assertEquals(Tensor.zeros(3), Tensor.zeros(0, 3).sum(0, false));
    }

    @Test
    void logSumExpMatchesTheDirectFormulaAndDoesNotOverflow() {
        double direct = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        EdgeValues.assertSame("logSumExp", direct, M.logSumExp(1, false).get(0));
        EdgeValues.assertSame("logSumExp huge", 1000 + Math.log(2), Tensor.vector(1000, 1000).logSumExp().item());
        EdgeValues.assertSame("logSumExp -huge", -1000 + Math.log(2), Tensor.vector(-1000, -1000).logSumExp().item());
        EdgeValues.assertSame("logSumExp of nothing", -INF, Tensor.zeros(0).logSumExp().item());
    }

    @Test
    void logSumExpOfAllMinusInfinityIsMinusInfinityWithGradientZero() {
        Tensor x = Tensor.variable(Tensor.matrix(new double[][] {{-INF, -INF}, {-INF, 0}}));
        Tensor y = x.logSumExp(1, false);
        assertEquals(Tensor.vector(-INF, 0), y);
        Tensor gradient = Autodiff.gradients(y.sum()).of(x);
        assertEquals(Tensor.matrix(new double[][] {{0, 0}, {0, 1}}), gradient);
        Tensor impossible = Tensor.variable(Tensor.full(-INF, 3));
        Tensor total = impossible.logSumExp();
        assertEquals(Tensor.scalar(-INF), total);
        assertEquals(Tensor.zeros(3), Autodiff.gradients(total).of(impossible));
    }

    @Test
    void logSumExpWithInfinityOrNaNFollowsTorch() {
        Tensor x = Tensor.variable(Tensor.vector(INF, 1, -INF));
        Tensor y = x.logSumExp();
        assertEquals(Tensor.scalar(INF), y);
        assertArrayEquals(new double[] {NAN, 0, 0}, Autodiff.gradients(y).of(x).toArray());
        Tensor withNaN = Tensor.variable(Tensor.vector(NAN, 1));
        assertTrue(Double.isNaN(withNaN.logSumExp().item()));
        assertArrayEquals(new double[] {NAN, NAN}, Autodiff.gradients(withNaN.logSumExp()).of(withNaN).toArray());
    }

    @Test
    void maxSendsTheGradientToTheFirstOfTiedElements() {
        Tensor x = Tensor.variable(Tensor.matrix(new double[][] {{3, 1, 3}, {2, 2, 2}}));
        Tensor max = x.max(1, false);
        assertEquals(Tensor.vector(3, 2), max);
        assertEquals(Tensor.matrix(new double[][] {{1, 0, 0}, {1, 0, 0}}), Autodiff.gradients(max.sum()).of(x));
        Tensor min = x.min(0, false);
        assertEquals(Tensor.matrix(new double[][] {{0, 1, 0}, {1, 0, 1}}), Autodiff.gradients(min.sum()).of(x));
        assertEquals(Tensor.vector(0, 0), x.argMax(1));
    }

    @Test
    void maxAndMinPropagateNaNAndHandleInfinities() {
        Tensor x = Tensor.variable(Tensor.vector(-INF, NAN, INF, NAN));
        assertTrue(Double.isNaN(x.max(0, false).item()));
        assertTrue(Double.isNaN(x.min(0, false).item()));
        assertEquals(Tensor.vector(0, 1, 0, 0), Autodiff.gradients(x.max(0, false)).of(x));
        assertEquals(Tensor.scalar(1), x.argMin(0));
        Tensor y = Tensor.vector(-INF, 1e300, INF, -1e300);
        assertEquals(Tensor.scalar(INF), y.max(0, false));
        assertEquals(Tensor.scalar(-INF), y.min(0, false));
        assertEquals(Tensor.scalar(-INF), Tensor.full(-INF, 3).max(0, false));
    }

    @Test
    void meanOfNothingIsNaN() {
        assertTrue(Double.isNaN(Tensor.zeros(0).mean().item()));
        assertTrue(Double.isNaN(Tensor.zeros(2, 0).mean(1, false).get(0)));
    }

    @Test
    void softmaxNormalisesAndHandlesMinusInfinityEntries() {
        Tensor p = Tensor.vector(1, 2, 3).softmax(0);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, p.toArray(), 1e-15);
        assertEquals(Tensor.vector(0, 0.5, 0.5), Tensor.vector(-INF, 7, 7).softmax(0));
        assertEquals(Tensor.vector(-INF, -Math.log(2), -Math.log(2)), Tensor.vector(-INF, 7, 7).logSoftmax(0));
        assertEquals(Tensor.vector(0, 1), Tensor.vector(-1e300, 1e300).softmax(0));
        Tensor x = Tensor.variable(Tensor.vector(-INF, 0, 0));
        Tensor weights = Tensor.vector(5, 1, 3);
        assertEquals(Tensor.vector(0, -0.5, 0.5), Autodiff.gradients(x.softmax(0).mul(weights).sum()).of(x));
        assertEquals(Tensor.vector(1, -0.5, -0.5), Autodiff.gradients(x.logSoftmax(0).sum()).of(x));
    }

    @Test
    void softmaxOfAllMinusInfinityIsNaNAsTorch() {
        assertNaN(x -> x.softmax(0));
        assertNaN(x -> x.logSoftmax(0));
    }

    @Test
    void badDimensionsAreRejectedNamingTheShape() {
        assertEquals("sum: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])",
                assertThrows(IllegalArgumentException.class, () -> M.sum(2, false)).getMessage());
        assertEquals("softmax: dim -3 is out of range for shape [2, 3] (expected a dim in [-2, 1])",
                assertThrows(IllegalArgumentException.class, () -> M.softmax(-3)).getMessage());
        assertEquals("max: dim 1 of shape [2, 0] is empty, so it has no maximum",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1, false)).getMessage());
        assertEquals("logSumExp: dim 0 is out of range for shape [] (expected a dim in [0, -1])",
                assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).logSumExp(0, false))
                        .getMessage());
    }

    @Test
    void reductionsOfConstantsRecordNothing() {
        assertFalse(M.sum().requiresGrad());
        assertFalse(M.softmax(1).requiresGrad());
        assertTrue(Tensor.variable(M).logSumExp(0, true).requiresGrad());
        assertEquals(List.of(), Autodiff.gradients(M.sum()).leaves());
    }

    private static void assertNaN(UnaryOperator<Tensor> op) {
        for (double v : op.apply(Tensor.full(-INF, 3)).toArray()) {
            assertTrue(Double.isNaN(v));
        }
    }
}
