package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Relu#ofLinear}: a hidden layer and its activation as one node, against the layer then the activation. */
class ReluOfLinearTest {

    private final SplittableRandom random = new SplittableRandom(23);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    /** Gradients of {@code sum(w * f)} to the input and the layer's parameters. */
    private static Gradients gradients(Tensor f, Tensor w) {
        return Autodiff.gradients(f.mul(w).sum());
    }

    private void assertSameAsComposition(Linear layer, Tensor input, int... outShape) {
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor x = Tensor.variable(input);
        Tensor composed = layer.forward(x).relu();
        Tensor fused = Relu.ofLinear(layer, x);
        assertArrayEquals(composed.toArray(), fused.toArray());
        assertArrayEquals(outShape, fused.shape());
        Tensor w = uniform(outShape);
        Gradients expected = gradients(composed, w);
        Gradients actual = gradients(fused, w);
        assertArrayEquals(expected.of(x).toArray(), actual.of(x).toArray());
        assertArrayEquals(expected.of(leaves.get("weight")).toArray(), actual.of(leaves.get("weight")).toArray());
        assertArrayEquals(expected.of(leaves.get("bias")).toArray(), actual.of(leaves.get("bias")).toArray());
    }

    @Test
    void few_rows_give_the_values_and_gradients_of_the_layer_then_relu_to_the_bit() {
        assertSameAsComposition(new Linear(7, 9, Rng.seeded(1)), uniform(5, 7), 5, 9);
    }

    @Test
    void many_rows_and_leading_batch_dimensions_give_them_too() {
        assertSameAsComposition(new Linear(4, 6, Rng.seeded(2)), uniform(10, 9, 4), 10, 9, 6);
    }

    @Test
    void zero_and_nan_pre_activations_have_relus_slopes() {
        Linear layer = new Linear(2, 3, Rng.seeded(3));
        // a zero weight row and bias make output column 0 exactly 0; a NaN input makes its row NaN
        layer.setParameters(Map.of("weight", Tensor.of(new double[] {0, 0, 1, -1, 0.5, 2}, 3, 2),
                "bias", Tensor.of(new double[] {0, 0.25, -0.5}, 3)));
        Tensor input = Tensor.of(new double[] {1, 2, Double.NaN, 1, -3, 0.5}, 3, 2);
        assertSameAsComposition(layer, input, 3, 3);
        Tensor x = Tensor.variable(input);
        Gradients g = Autodiff.gradients(Relu.ofLinear(layer, x).sum());
        assertTrue(Double.isNaN(g.of(x).toArray()[2]), "the NaN row's gradient is NaN");
        assertEquals(0.0, Relu.ofLinear(layer, input).toArray()[0]);
    }

    @Test
    void the_gradient_agrees_with_finite_differences() {
        Tensor weight = uniform(4, 3);
        Tensor bias = uniform(4);
        Linear layer = new Linear(3, 4, Rng.seeded(4));
        GradientChecker.check("relu of a linear layer", v -> {
            layer.setParameters(Map.of("weight", v[1], "bias", v[2]));
            return Relu.ofLinear(layer, v[0]);
        }, uniform(5, 3), weight, bias);
    }

    @Test
    void a_sequential_linear_then_relu_runs_as_one_node_with_the_same_values() {
        Linear first = new Linear(3, 5, Rng.seeded(5));
        Linear second = new Linear(5, 2, Rng.seeded(6));
        Sequential net = new Sequential(first, new Relu(), second, new Relu());
        Tensor x = Tensor.variable(uniform(4, 3));
        Tensor composed = second.forward(first.forward(x).relu()).relu();
        Tensor fused = net.forward(x);
        assertArrayEquals(composed.toArray(), fused.toArray());
        assertEquals("linearRelu", fused.node().op());
        Tensor w = uniform(4, 2);
        assertArrayEquals(gradients(composed, w).of(x).toArray(), gradients(fused, w).of(x).toArray());
    }

    @Test
    void an_input_of_another_width_is_refused_naming_the_layer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Relu.ofLinear(new Linear(3, 2, Rng.seeded(7)), uniform(2, 4)));
        assertTrue(e.getMessage().contains("Linear(3, 2)") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }
}
