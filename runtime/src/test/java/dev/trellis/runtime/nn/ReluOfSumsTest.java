package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Relu#ofSums}: every row's {@code relu(input + row)} in one node, against {@link Relu#ofSum} per row. */
class ReluOfSumsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    @Test
    void each_slice_is_relu_of_the_sum_with_its_row_in_value_and_gradient_including_zero_and_nan() {
        Tensor input = Tensor.of(new double[] {0.5, -0.25, -0.5, 0.3, Double.NaN, 2, -1, 0.25, 0}, 3, 3);
        Tensor rows = Tensor.of(new double[] {-0.5, 0.25, 1, 0.125, -2, 0.5}, 2, 3);   // sums of exactly 0
        Tensor weights = uniform(6, 3);
        Tensor x = Tensor.variable(input);
        Tensor b = Tensor.variable(rows);
        Tensor fused = Relu.ofSums(x, b);
        List<Tensor> slices = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            slices.add(Relu.ofSum(x, b.select(0, k)));
        }
        Tensor reference = Tensor.cat(0, slices).reshape(6, 3);
        assertArrayEquals(new int[] {6, 3}, fused.shape());
        assertArrayEquals(reference.toArray(), fused.toArray());
        Gradients expected = Autodiff.gradients(reference.mul(weights).sum());
        Gradients actual = Autodiff.gradients(fused.mul(weights).sum());
        assertArrayEquals(expected.of(x).toArray(), actual.of(x).toArray(), 1e-15);
        assertArrayEquals(expected.of(b).toArray(), actual.of(b).toArray(), 1e-15);
        assertTrue(Double.isNaN(actual.of(b).toArray()[1]), "the NaN entry's gradient is NaN");
    }

    @Test
    void a_subnormal_positive_sum_passes_its_gradient_and_a_negative_zero_sum_gives_positive_zero() {
        // the kernels select without branches (max, and min of a scaled output): the smallest outputs must still count
        Tensor x = Tensor.variable(Tensor.of(new double[] {Double.MIN_VALUE, -0.0, 1e-310, -Double.MIN_VALUE}, 1, 4));
        Tensor b = Tensor.variable(Tensor.of(new double[] {0.0, -0.0, 0.0, 0.0}, 1, 4));
        Tensor fused = Relu.ofSums(x, b);
        assertArrayEquals(new double[] {Double.MIN_VALUE, 0.0, 1e-310, 0.0}, fused.toArray());
        Tensor weights = Tensor.of(new double[] {0.75, 0.5, -2, 3}, 1, 4);
        Gradients gradients = Autodiff.gradients(fused.mul(weights).sum());
        assertArrayEquals(new double[] {0.75, 0.0, -2, 0.0}, gradients.of(x).toArray());
        assertArrayEquals(new double[] {0.75, 0.0, -2, 0.0}, gradients.of(b).toArray());
    }

    @Test
    void the_gradient_agrees_with_finite_differences_for_leading_batch_dimensions() {
        GradientChecker.check("relu of sums", v -> Relu.ofSums(v[0], v[1]), uniform(2, 3, 4), uniform(3, 4));
    }

    @Test
    void rows_of_another_width_are_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Relu.ofSums(uniform(2, 3), uniform(2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
