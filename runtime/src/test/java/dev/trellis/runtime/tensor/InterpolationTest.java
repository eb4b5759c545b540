package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Tensor#mix}: {@code (1 - w) a + w b} as one node, against the four tensor operations it replaces. */
class InterpolationTest {

    private final SplittableRandom random = new SplittableRandom(3);

    private Tensor uniform(int... shape) {
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return Tensor.of(values, shape);
    }

    private static Tensor composition(Tensor a, Tensor b, Tensor weight) {
        return Tensor.onesLike(weight).sub(weight).mul(a).add(weight.mul(b));
    }

    private static void assertSameGradients(Tensor composed, Tensor fused, Tensor adjoint, Tensor... leaves) {
        assertArrayEquals(composed.toArray(), fused.toArray());
        Gradients expected = Autodiff.gradients(composed.mul(adjoint).sum());
        Gradients actual = Autodiff.gradients(fused.mul(adjoint).sum());
        for (Tensor leaf : leaves) {
            assertArrayEquals(expected.of(leaf).toArray(), actual.of(leaf).toArray());
        }
    }

    @Test
    void values_and_gradients_are_those_of_the_composition_to_the_bit() {
        Tensor a = Tensor.variable(uniform(20, 100).mul(3));
        Tensor b = Tensor.variable(uniform(20, 100));
        Tensor w = Tensor.variable(uniform(20, 100).add(1).mul(0.5));
        assertSameGradients(composition(a, b, w), Tensor.mix(a, b, w), uniform(20, 100), a, b, w);
    }

    @Test
    void edge_values_give_the_compositions_values_and_gradients() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        Tensor a = Tensor.variable(Tensor.of(new double[] {nan, 1, inf, 2, -inf, 0, -0.0, 1e308, 3}, 9));
        Tensor b = Tensor.variable(Tensor.of(new double[] {1, nan, 0, inf, inf, -0.0, 0, 1e308, 4}, 9));
        Tensor w = Tensor.variable(Tensor.of(new double[] {0.5, 0.5, 1, 0, 0.5, 0.5, 1, 0.5, nan}, 9));
        Tensor fused = Tensor.mix(a, b, w);
        assertSameGradients(composition(a, b, w), fused, Tensor.ones(9), a, b, w);
        Gradients gradients = Autodiff.gradients(fused.sum());
        assertTrue(Double.isNaN(gradients.of(b).toArray()[2]), "inf times weight 0 is NaN: every partial is NaN");
        assertTrue(Double.isNaN(gradients.of(a).toArray()[8]), "a NaN weight makes every partial NaN");
    }

    @Test
    void only_the_tensors_that_require_grad_get_gradients() {
        Tensor a = uniform(4, 3);
        Tensor b = Tensor.variable(uniform(4, 3));
        Tensor w = Tensor.variable(uniform(4, 3));
        assertSameGradients(composition(a, b, w), Tensor.mix(a, b, w), uniform(4, 3), b, w);
        assertTrue(!Tensor.mix(uniform(2), uniform(2), uniform(2)).requiresGrad(), "constants in, constant out");
    }

    @Test
    void the_gradient_agrees_with_finite_differences() {
        GradientChecker.check("mix", v -> Tensor.mix(v[0], v[1], v[2]), uniform(3, 5), uniform(3, 5), uniform(3, 5));
    }

    @Test
    void shapes_that_differ_broadcast_as_the_composition_does() {
        Tensor a = Tensor.variable(uniform(3, 4));
        Tensor b = Tensor.variable(uniform(4));
        Tensor w = Tensor.variable(uniform(3, 1));
        assertSameGradients(composition(a, b, w), Tensor.mix(a, b, w), uniform(3, 4), a, b, w);
        GradientChecker.check("mix, broadcast", v -> Tensor.mix(v[0], v[1], v[2]), uniform(3, 4), uniform(4),
                uniform(3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.mix(uniform(3, 4), uniform(5), uniform(3, 4)));
        assertTrue(e.getMessage().contains("[5]"), e.getMessage());
    }
}
