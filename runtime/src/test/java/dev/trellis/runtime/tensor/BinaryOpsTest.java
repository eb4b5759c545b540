package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static dev.trellis.runtime.tensor.EdgeValues.assertBinary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import org.junit.jupiter.api.Test;

/** Broadcast shapes, edge values and errors of add/sub/mul/div/pow, where and the comparisons. */
class BinaryOpsTest {

    private static final double HUGE = 1e300;

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor column = Tensor.matrix(new double[][] {{1}, {2}});
        Tensor row = Tensor.vector(10, 20, 30);
        assertEquals(Tensor.matrix(new double[][] {{11, 21, 31}, {12, 22, 32}}), column.add(row));
        assertEquals(Tensor.vector(5, 10, 15), row.mul(Tensor.scalar(0.5)));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4}, 1, 2, 2),
                Tensor.of(new double[] {1, 2}, 1, 1, 2).add(Tensor.of(new double[] {0, 0, 2, 2}, 2, 2)));
        assertEquals(Tensor.zeros(0, 3), Tensor.zeros(0, 1).add(row));
    }

    @Test
    void broadcastGradientsAreSummedOverTheBroadcastDimensions() {
        Tensor column = Tensor.variable(Tensor.matrix(new double[][] {{1}, {2}}));
        Tensor row = Tensor.variable(Tensor.vector(10, 20, 30));
        Gradients gradients = gradientsOfSum(column.mul(row));
        assertEquals(Tensor.matrix(new double[][] {{60}, {60}}), gradients.of(column));
        assertEquals(Tensor.vector(3, 3, 3), gradients.of(row));
    }

    @Test
    void shapesThatDoNotBroadcastAreRejectedNamingBoth() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (sizes 3 and 4 at dim -1)",
                assertThrows(IllegalArgumentException.class, () -> a.add(b)).getMessage());
        assertEquals("mul: shapes [2, 3] and [3, 3] cannot be broadcast together (sizes 2 and 3 at dim -2)",
                assertThrows(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(3, 3))).getMessage());
        assertEquals("where: shapes [3], [2, 3] and [4] cannot be broadcast together (sizes 3 and 4 at dim -1)",
                assertThrows(IllegalArgumentException.class,
                        () -> Tensor.where(Tensor.ones(3), a, b)).getMessage());
        assertEquals("gt: shapes [2, 3] and [4] cannot be broadcast together (sizes 3 and 4 at dim -1)",
                assertThrows(IllegalArgumentException.class, () -> a.gt(b)).getMessage());
    }

    @Test
    void arithmeticAtInfinityZeroAndNaN() {
        assertBinary("add", Tensor::add, INF, -INF, NAN, 1, 1);
        assertBinary("add", Tensor::add, HUGE, HUGE, INF, 1, 1);
        assertBinary("add", Tensor::add, NAN, 1, NAN, NAN, NAN);
        assertBinary("sub", Tensor::sub, INF, INF, NAN, 1, -1);
        assertBinary("sub", Tensor::sub, -HUGE, HUGE, -INF, 1, -1);
        assertBinary("mul", Tensor::mul, 0, INF, NAN, INF, 0);
        assertBinary("mul", Tensor::mul, HUGE, HUGE, INF, HUGE, HUGE);
        assertBinary("mul", Tensor::mul, -INF, 2, -INF, 2, -INF);
        assertBinary("mul", Tensor::mul, 3, NAN, NAN, NAN, NAN);
        assertBinary("div", Tensor::div, 1, 0, INF, INF, -INF);
        assertBinary("div", Tensor::div, 0, 0, NAN, INF, NAN);
        assertBinary("div", Tensor::div, 6, 3, 2, 1.0 / 3, -2.0 / 3);
        assertBinary("div", Tensor::div, HUGE, HUGE, 1, 1 / HUGE, -1 / HUGE);
        assertBinary("div", Tensor::div, 1, HUGE, 1 / HUGE, 1 / HUGE, -0.0);
        assertBinary("div", Tensor::div, 1, INF, 0, 0, -0.0);
        assertBinary("div", Tensor::div, NAN, 2, NAN, NAN, NAN);
    }

    @Test
    void powFollowsTorchAtZeroAndNegativeBases() {
        assertBinary("pow", Tensor::pow, 2, 3, 8, 12, 8 * Math.log(2));
        assertBinary("pow", Tensor::pow, 0, 2, 0, 0, 0);
        assertBinary("pow", Tensor::pow, 0, 0, 1, 0, 0);
        assertBinary("pow", Tensor::pow, 0, 0.5, 0, INF, 0);
        assertBinary("pow", Tensor::pow, 0, -1, INF, -INF, -INF);
        assertBinary("pow", Tensor::pow, -2, 2, 4, -4, NAN);
        assertBinary("pow", Tensor::pow, -8, 1.0 / 3, NAN, NAN, NAN);
        assertBinary("pow", Tensor::pow, 2, HUGE, INF, INF, INF);
        // IEEE and torch: anything to the power 0 is 1, NaN included; the partials still carry the NaN
        assertBinary("pow", Tensor::pow, NAN, 0, 1, NAN, NAN);
    }

    @Test
    void whereIgnoresTheBranchNotTaken() {
        Tensor condition = Tensor.mask(new boolean[] {true, false, true}, 3);
        Tensor a = Tensor.variable(Tensor.vector(1, NAN, 3));
        Tensor b = Tensor.variable(Tensor.vector(NAN, 20, -INF));
        Tensor y = Tensor.where(condition, a, b);
        assertEquals(Tensor.vector(1, 20, 3), y);
        Gradients gradients = gradientsOfSum(y);
        assertEquals(Tensor.vector(1, 0, 1), gradients.of(a));
        assertEquals(Tensor.vector(0, 1, 0), gradients.of(b));
    }

    @Test
    void whereBroadcastsAllThreeAndAcceptsComparisons() {
        Tensor x = Tensor.vector(-2, 0.5, 3);
        assertEquals(Tensor.vector(0, 0.5, 3), Tensor.where(x.gt(0), x, Tensor.scalar(0)));
        Tensor y = Tensor.where(Tensor.mask(new boolean[] {true, false}, 2, 1), Tensor.scalar(1), x);
        assertEquals(Tensor.matrix(new double[][] {{1, 1, 1}, {-2, 0.5, 3}}), y);
    }

    @Test
    void whereRejectsConditionsThatAreNotZeroOrOne() {
        assertEquals("where: the condition must hold only 0 and 1, but element 1 (row-major) of the condition of "
                + "shape [2] is 0.5", assertThrows(IllegalArgumentException.class,
                        () -> Tensor.where(Tensor.vector(1, 0.5), Tensor.zeros(2), Tensor.ones(2))).getMessage());
    }

    @Test
    void comparisonsGiveConstantZeroOneTensors() {
        Tensor x = Tensor.variable(Tensor.vector(-1, 0, 1, NAN, INF));
        assertEquals(Tensor.vector(0, 0, 1, 0, 1), x.gt(0));
        assertEquals(Tensor.vector(1, 0, 0, 0, 0), x.lt(0));
        assertEquals(Tensor.vector(0, 1, 1, 0, 1), x.ge(0));
        assertEquals(Tensor.vector(1, 1, 0, 0, 0), x.le(0));
        assertEquals(Tensor.vector(0, 1, 0, 0, 0), x.eq(0));
        assertEquals(Tensor.vector(0, 0, 0, 0, 1), x.eq(Tensor.scalar(INF)));
        assertEquals(Tensor.matrix(new double[][] {{1, 0}, {1, 1}}),
                Tensor.matrix(new double[][] {{1}, {3}}).ge(Tensor.vector(1, 2)));
        assertFalse(x.gt(0).requiresGrad());
    }

    private static Gradients gradientsOfSum(Tensor y) {
        return Autodiff.gradients(java.util.List.of(y), java.util.List.of(Tensor.onesLike(y)));
    }
}
