package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code shared/golden/nn_layers.json}: torch 1.13's layers in float64 at the file's parameters, inputs
 * and cotangent c. Outputs, the loss {@code sum(output * c)} and the gradients of every parameter and input must agree
 * to 1e-9 relative.
 */
class LayerGoldenTest {

    private static final double RELATIVE = 1e-9;
    private static final JsonNode GOLDEN = GoldenNn.load("nn_layers.json");

    static Stream<String> layerCases() {
        List<String> names = new ArrayList<>();
        GOLDEN.get("cases").fieldNames().forEachRemaining(name -> {
            if (!name.equals("activations")) {
                names.add(name);
            }
        });
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("layerCases")
    void outputsLossAndGradientsMatchTorch(String name) {
        JsonNode golden = GOLDEN.get("cases").get(name);
        Module module = moduleFor(name);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        golden.get("params").fields().forEachRemaining(e -> parameters.put(e.getKey(), GoldenNn.tensor(e.getValue())));
        assertEquals(List.copyOf(parameters.keySet()), List.copyOf(module.namedParameters().keySet()),
                name + ": parameter names in torch's order");
        module.setParameters(parameters);
        Map<String, Tensor> leaves = module.requireGrad();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        golden.get("inputs").fields().forEachRemaining(e ->
                inputs.put(e.getKey(), Tensor.variable(GoldenNn.tensor(e.getValue()))));

        Map<String, Tensor> outputs = run(module, inputs);
        Tensor c = GoldenNn.tensor(golden.get("c"));
        Tensor loss = outputs.get("output").mul(c).sum();
        golden.get("outputs").fields().forEachRemaining(e ->
                GoldenNn.assertClose(name + " " + e.getKey(), GoldenNn.tensor(e.getValue()), outputs.get(e.getKey()),
                        RELATIVE));
        GoldenNn.assertClose(name + " loss", golden.get("loss_sum_output_times_c").asDouble(), loss.item(), RELATIVE);

        Gradients gradients = Autodiff.gradients(loss);
        golden.get("grad_params").fields().forEachRemaining(e ->
                GoldenNn.assertClose(name + " d loss / d " + e.getKey(), GoldenNn.tensor(e.getValue()),
                        gradients.of(leaves.get(e.getKey())), RELATIVE));
        golden.get("grad_inputs").fields().forEachRemaining(e ->
                GoldenNn.assertClose(name + " d loss / d " + e.getKey(), GoldenNn.tensor(e.getValue()),
                        gradients.of(inputs.get(e.getKey())), RELATIVE));
    }

    @ParameterizedTest
    @MethodSource("layerCases")
    void theClosedFormFormulaGivesTheStoredParameters(String name) {
        JsonNode golden = GOLDEN.get("cases").get(name);
        ClosedFormParameters formula = new ClosedFormParameters(GOLDEN.get("constants"));
        for (JsonNode entry : golden.get("parameter_order")) {
            int[] shape = new int[entry.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = entry.get("shape").get(d).asInt();
            }
            Tensor stored = GoldenNn.tensor(golden.get("params").get(entry.get("name").asText()));
            Tensor computed = formula.value(entry.get("p").asInt(), entry.get("fan_in").asInt(), shape);
            // fdlibm's sin against the C library's: a few ulps at most
            GoldenNn.assertClose(name + " " + entry.get("name").asText(), stored, computed, 1e-15);
        }
    }

    @Test
    void activationsMatchTorchIncludingSaturationReluAtZeroAndSoftplusThreshold() {
        JsonNode golden = GOLDEN.get("cases").get("activations");
        Tensor c = GoldenNn.tensor(golden.get("c"));
        Map<String, Layer> layers = Map.of("ReLU", new Relu(), "Tanh", new Tanh(), "Sigmoid", new Sigmoid(),
                "Softplus", new Softplus());
        golden.get("modules").fields().forEachRemaining(e -> {
            Tensor input = Tensor.variable(GoldenNn.tensor(golden.get("input")));
            Tensor output = layers.get(e.getKey()).forward(input);
            GoldenNn.assertClose(e.getKey() + " output", GoldenNn.tensor(e.getValue().get("output")), output,
                    RELATIVE);
            Tensor gradient = Autodiff.gradients(output.mul(c).sum()).of(input);
            GoldenNn.assertClose(e.getKey() + " grad_input", GoldenNn.tensor(e.getValue().get("grad_input")),
                    gradient, RELATIVE);
        });
    }

    private static Module moduleFor(String name) {
        Rng rng = Rng.seeded(0);
        if (name.equals("linear")) {
            return new Linear(3, 4, rng);
        }
        if (name.equals("conv1d")) {
            return new Conv1d(1, 2, 3, 1, rng);
        }
        if (name.startsWith("rnn_relu")) {
            return new Rnn(3, 4, Rnn.Nonlinearity.RELU, true, rng);
        }
        if (name.startsWith("rnn_tanh")) {
            return new Rnn(3, 4, Rnn.Nonlinearity.TANH, true, rng);
        }
        if (name.startsWith("gru")) {
            return new Gru(3, 4, true, rng);
        }
        throw new IllegalArgumentException("no module for golden case " + name);
    }

    private static Map<String, Tensor> run(Module module, Map<String, Tensor> inputs) {
        if (module instanceof Layer layer) {
            return Map.of("output", layer.forward(inputs.get("input")));
        }
        RecurrentOutput result = ((RecurrentLayer) module).forward(inputs.get("input"), inputs.get("h_0"));
        return Map.of("output", result.output(), "h_n", result.hN());
    }
}
