package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Linear#forwardOfReluSums} against the two nodes it fuses, {@code linear.forward(Relu.ofSums(x, rows))}. */
class LinearOfReluSumsTest {

    private final SplittableRandom random = new SplittableRandom(31);

    @AfterEach
    void restoreTheDefaultBackend() {
        MatrixKernels.useJavaLoopsOnly(false);
    }

    /**
     * Both forms' values and every gradient (input, rows, weight, bias) under an upstream of random weights, each entry
     * within {@code 1e-12} of the magnitude of the terms its sums add.
     */
    private void assertSameAsTheTwoNodes(Linear linear, Tensor input, Tensor rows) {
        java.util.Map<String, Tensor> variables = new java.util.LinkedHashMap<>();
        linear.namedParameters().forEach((path, parameter) -> variables.put(path, Tensor.variable(parameter.value())));
        linear.setParameters(variables);
        Tensor x = Tensor.variable(input);
        Tensor r = Tensor.variable(rows);
        Tensor unfused = linear.forward(Relu.ofSums(x, r));
        Tensor fused = linear.forwardOfReluSums(x, r);
        assertArrayEquals(unfused.shape(), fused.shape());
        double[] expected = unfused.toArray();
        double[] actual = fused.toArray();
        assertClose(expected, actual, 1e-13, "values");
        Tensor upstream = UniformTensors.uniform(random, unfused.shape());
        Gradients reference = Autodiff.gradients(unfused.mul(upstream).sum());
        Gradients blocked = Autodiff.gradients(fused.mul(upstream).sum());
        List<Tensor> all = new java.util.ArrayList<>(List.of(x, r));
        for (Parameter parameter : linear.namedParameters().values()) {
            all.add(parameter.value());
        }
        for (Tensor of : all) {
            assertClose(reference.of(of).toArray(), blocked.of(of).toArray(), 1e-12,
                    "gradient of " + java.util.Arrays.toString(of.shape()));
        }
    }

    /** Entry by entry within {@code tolerance} times the largest finite magnitude (at least 1); NaN where NaN. */
    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        double magnitude = 1;
        for (double v : expected) {
            if (Double.isFinite(v)) {
                magnitude = Math.max(magnitude, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertTrue(Double.isNaN(actual[i]), what + ": entry " + i + " is NaN in both");
            } else {
                assertEquals(expected[i], actual[i], tolerance * magnitude, what + ": entry " + i);
            }
        }
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void many_blocks_of_hidden_rows_give_the_two_nodes_values_and_gradients(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        // the nnHMM's shape: 16 states x 265 distinct rows of 48, 51 tones (17 blocks, the last one short)
        Linear linear = new Linear(48, 51, Rng.seeded(5));
        assertSameAsTheTwoNodes(linear, UniformTensors.uniform(random, 265, 48),
                UniformTensors.uniform(random, 16, 48));
        // one block, and one row
        assertSameAsTheTwoNodes(linear, UniformTensors.uniform(random, 3, 48), UniformTensors.uniform(random, 2, 48));
        assertSameAsTheTwoNodes(linear, UniformTensors.uniform(random, 1, 48), UniformTensors.uniform(random, 1, 48));
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void a_layer_without_bias_on_inputs_with_batch_dimensions(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        Linear noBias = new Linear(6, 4, false, Rng.seeded(6));
        assertSameAsTheTwoNodes(noBias, UniformTensors.uniform(random, 30, 70, 6),
                UniformTensors.uniform(random, 5, 6));
    }

    /**
     * Under {@link ProductPrecision#SINGLE} the blocks multiply in float32: values and gradients within float32's
     * bound of the float64 two-node form ({@code (k + 2) 2^-24} of the largest magnitude, k up to 265 rows summed in
     * the weight's gradient), and visibly not float64 (some entry off by more than 1e-12 of it).
     */
    @Test
    void single_precision_products_stay_within_float32_of_the_float64_two_nodes() throws Exception {
        assumeTrue(MatrixKernels.usesNativeBlas(), "single precision applies to OpenBLAS's products");
        Tensor input = UniformTensors.uniform(random, 265, 48);
        Tensor rows = UniformTensors.uniform(random, 16, 48);
        assertSinglePrecision(input, rows, true);
        // only the weight's gradient asked for: each block's G is copied for the weight's product alone
        assertSinglePrecision(input, rows, false);
        // on a new thread, whose float buffers start empty
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> assertSinglePrecision(input, rows, true));
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("on a new thread", failure.get());
        }
    }

    private void assertSinglePrecision(Tensor input, Tensor rows, boolean inputGradients) {
        Linear linear = new Linear(48, 51, Rng.seeded(5));
        java.util.Map<String, Tensor> variables = new java.util.LinkedHashMap<>();
        linear.namedParameters().forEach((path, parameter) -> variables.put(path, Tensor.variable(parameter.value())));
        linear.setParameters(variables);
        Tensor x = inputGradients ? Tensor.variable(input) : input;
        Tensor r = inputGradients ? Tensor.variable(rows) : rows;
        Tensor unfused = linear.forward(Relu.ofSums(x, r));
        Tensor upstream = UniformTensors.uniform(new SplittableRandom(7), unfused.shape());
        Gradients reference = Autodiff.gradients(unfused.mul(upstream).sum());
        List<Tensor> all = new java.util.ArrayList<>(inputGradients ? List.of(x, r) : List.of());
        for (Parameter parameter : linear.namedParameters().values()) {
            all.add(parameter.value());
        }
        ProductPrecision before = ProductPrecision.use(ProductPrecision.SINGLE);
        try {
            Tensor fused = linear.forwardOfReluSums(x, r);
            Gradients single = Autodiff.gradients(fused.mul(upstream).sum());
            double float32 = (265 + 2) * 0x1p-24;
            assertClose(unfused.toArray(), fused.toArray(), float32, "values");
            boolean rounded = false;
            for (Tensor of : all) {
                double[] expected = reference.of(of).toArray();
                double[] actual = single.of(of).toArray();
                assertClose(expected, actual, float32, "gradient of " + java.util.Arrays.toString(of.shape()));
                for (int i = 0; i < expected.length; i++) {
                    rounded |= Math.abs(expected[i] - actual[i]) > 1e-12 * Math.max(1, Math.abs(expected[i]));
                }
            }
            double[] values = unfused.toArray();
            double[] fusedValues = fused.toArray();
            for (int i = 0; i < values.length; i++) {
                rounded |= Math.abs(values[i] - fusedValues[i]) > 1e-12 * Math.max(1, Math.abs(values[i]));
            }
            assertTrue(rounded, "the blocks multiplied in float32");
        } finally {
            ProductPrecision.use(before);
        }
    }

    @Test
    void sums_of_exactly_zero_pass_no_gradient_and_nan_propagates() {
        Linear linear = new Linear(3, 2, Rng.seeded(9));
        Tensor input = Tensor.of(new double[] {0.5, -0.25, -0.5, 0.3, Double.NaN, 2, -1, 0.25, 0}, 3, 3);
        Tensor rows = Tensor.of(new double[] {-0.5, 0.25, 1, 0.125, -2, 0.5}, 2, 3);   // sums of exactly 0
        assertSameAsTheTwoNodes(linear, input, rows);
        Tensor x = Tensor.variable(input);
        Tensor fused = linear.forwardOfReluSums(x, rows);
        assertTrue(Double.isNaN(fused.toArray()[2]), "the NaN row's outputs are NaN");
        assertTrue(Double.isNaN(Autodiff.gradients(fused.sum()).of(x).toArray()[4]), "and its gradient");
    }

    @Test
    void a_subnormal_positive_sum_passes_its_gradient_and_a_negative_zero_sum_passes_none() {
        Linear linear = new Linear(4, 2, Rng.seeded(10));
        Tensor input = Tensor.of(new double[] {Double.MIN_VALUE, -0.0, 1e-310, -Double.MIN_VALUE}, 1, 4);
        Tensor rows = Tensor.of(new double[] {0.0, -0.0, 0.0, 0.0}, 1, 4);
        assertSameAsTheTwoNodes(linear, input, rows);
        Tensor x = Tensor.variable(input);
        double[] gradient = Autodiff.gradients(linear.forwardOfReluSums(x, rows).sum()).of(x).toArray();
        double[] w = linear.weight().value().toArray();
        assertArrayEquals(new double[] {w[0] + w[4], 0.0, w[2] + w[6], 0.0}, gradient);
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void the_gradients_agree_with_finite_differences(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        Linear linear = new Linear(5, 3, Rng.seeded(12));
        Inputs inputs = new Inputs(13);
        ModuleGradients.check("linear of relu of sums", linear, v -> linear.forwardOfReluSums(v.get(0), v.get(1)),
                inputs.uniform(-2, 2, 4, 5), inputs.uniform(-2, 2, 3, 5));
    }

    @Test
    void inputs_of_another_width_are_refused_naming_both_shapes() {
        Linear linear = new Linear(4, 2, Rng.seeded(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.forwardOfReluSums(UniformTensors.uniform(random, 2, 3), UniformTensors.uniform(random, 2,
                        4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("Linear(4, 2)"), e.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> linear.forwardOfReluSums(UniformTensors.uniform(random, 2, 4), UniformTensors.uniform(random,
                        4)));
        assertTrue(rows.getMessage().contains("[4]"), rows.getMessage());
    }
}
