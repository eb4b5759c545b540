package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Tanh#averagedWith}: the fused {@code (tanh(x) + h) * 0.5} against the three tensor operations it replaces. */
class TanhAveragedWithTest {

    private final SplittableRandom random = new SplittableRandom(11);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    private static void assertSameGradients(Tensor composed, Tensor fused, Tensor weights, Tensor... leaves) {
        assertArrayEquals(composed.toArray(), fused.toArray());
        Gradients expected = Autodiff.gradients(composed.mul(weights).sum());
        Gradients actual = Autodiff.gradients(fused.mul(weights).sum());
        for (Tensor leaf : leaves) {
            assertArrayEquals(expected.of(leaf).toArray(), actual.of(leaf).toArray());
        }
    }

    @Test
    void values_and_gradients_are_those_of_tanh_add_and_half_to_the_bit() {
        Tensor x = Tensor.variable(uniform(20, 60).mul(8));   // saturated tanh as well as its linear part
        Tensor h = Tensor.variable(uniform(20, 60));
        assertSameGradients(x.tanh().add(h).mul(0.5), Tanh.averagedWith(x, h), uniform(20, 60), x, h);
    }

    @Test
    void edge_values_give_the_compositions_values_and_gradients() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.variable(Tensor.of(new double[] {Double.NaN, 0.3, inf, -inf, 0, -0.0, 25, 1e-300}, 8));
        Tensor h = Tensor.variable(Tensor.of(new double[] {0.1, Double.NaN, -1, inf, -0.0, 0, -inf, 2}, 8));
        Tensor fused = Tanh.averagedWith(x, h);
        assertSameGradients(x.tanh().add(h).mul(0.5), fused, Tensor.ones(8), x, h);
        Gradients gradients = Autodiff.gradients(fused.sum());
        assertTrue(Double.isNaN(gradients.of(h).toArray()[0]), "a NaN input makes the other term's gradient NaN");
        assertTrue(Double.isNaN(gradients.of(x).toArray()[1]), "a NaN other term makes the input's gradient NaN");
        assertEquals(0.0, gradients.of(x).toArray()[2]);
    }

    @Test
    void only_the_tensor_that_requires_grad_gets_a_gradient() {
        Tensor x = Tensor.variable(uniform(3, 4));
        Tensor h = uniform(3, 4);
        assertSameGradients(x.tanh().add(h).mul(0.5), Tanh.averagedWith(x, h), uniform(3, 4), x);
        Tensor constant = Tanh.averagedWith(uniform(3, 4), h);
        assertTrue(!constant.requiresGrad(), "constants in, constant out");
    }

    @Test
    void the_gradient_agrees_with_finite_differences() {
        GradientChecker.check("tanh averaged with", v -> Tanh.averagedWith(v[0], v[1]), uniform(4, 5).mul(3),
                uniform(4, 5));
    }

    @Test
    void shapes_that_differ_broadcast_as_the_composition_does() {
        Tensor x = Tensor.variable(uniform(3, 4));
        Tensor h = Tensor.variable(uniform(4));
        assertSameGradients(x.tanh().add(h).mul(0.5), Tanh.averagedWith(x, h), uniform(3, 4), x, h);
        GradientChecker.check("tanh averaged with a row", v -> Tanh.averagedWith(v[0], v[1]), uniform(3, 4),
                uniform(4));
    }
}
