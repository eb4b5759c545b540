package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Relu#ofSum}: the fused {@code relu(input + row)} against the two tensor operations it replaces. */
class ReluOfSumTest {

    private final SplittableRandom random = new SplittableRandom(5);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    @Test
    void values_and_gradients_are_those_of_add_then_relu_including_zero_and_nan() {
        Tensor input = Tensor.of(new double[] {0.5, -0.25, -0.5, 0.3, Double.NaN, 2, -1, 0.25, 0}, 3, 3);
        Tensor row = Tensor.of(new double[] {-0.5, 0.25, 1}, 3);   // sums of exactly 0 in the first row
        Tensor weights = uniform(3, 3);
        Tensor x = Tensor.variable(input);
        Tensor b = Tensor.variable(row);
        Tensor fused = Relu.ofSum(x, b);
        Tensor composed = x.add(b).relu();
        assertArrayEquals(composed.toArray(), fused.toArray());
        Gradients expected = Autodiff.gradients(composed.mul(weights).sum());
        Gradients actual = Autodiff.gradients(fused.mul(weights).sum());
        assertArrayEquals(expected.of(x).toArray(), actual.of(x).toArray());
        assertArrayEquals(expected.of(b).toArray(), actual.of(b).toArray());
        assertTrue(Double.isNaN(actual.of(b).toArray()[1]), "the NaN entry's gradient is NaN");
    }

    @Test
    void the_least_subnormal_sum_is_positive_and_passes_its_gradient_on_whole() {
        Tensor x = Tensor.variable(Tensor.of(new double[] {Double.MIN_VALUE, -Double.MIN_VALUE}, 2));
        Tensor b = Tensor.variable(Tensor.of(new double[] {0, 0}, 2));
        Tensor weights = Tensor.of(new double[] {3, 5}, 2);

        Gradients actual = Autodiff.gradients(Relu.ofSum(x, b).mul(weights).sum());

        assertArrayEquals(new double[] {3, 0}, actual.of(x).toArray());
        assertArrayEquals(new double[] {3, 0}, actual.of(b).toArray());
        assertArrayEquals(Autodiff.gradients(x.add(b).relu().mul(weights).sum()).of(x).toArray(),
                actual.of(x).toArray());
    }

    @Test
    void the_gradient_agrees_with_finite_differences_for_leading_batch_dimensions() {
        GradientChecker.check("relu of a sum", v -> Relu.ofSum(v[0], v[1]), uniform(2, 3, 4), uniform(4));
    }

    @Test
    void a_row_of_another_width_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Relu.ofSum(uniform(2, 3), uniform(4)));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
