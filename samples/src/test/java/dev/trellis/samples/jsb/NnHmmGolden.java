package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.dmm.NnGolden;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code shared/golden/nnhmm.json} and the tables it was computed at, by the names the nnhmm model uses. */
public final class NnHmmGolden {
    /** The file. */
    public static final JsonNode FILE = Golden.load("nnhmm.json");

    private NnHmmGolden() {}

    /**
     * {@return the golden tables: {@code probs_x} as stored, the network's parameters by the file's closed form
     * (checked against its full tensors and entries), under their parameter-store names, in torch's order}
     */
    public static Map<String, Tensor> params() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("probs_x", JsonTensors.tensor(FILE.get("probs_x")));
        JsonNode constants = FILE.get("constants");
        List<String> order = JsbModel.NNHMM.parameters(FILE.get("num_tones").asInt()).stream()
                .map(JsbModel.Parameter::name).toList();
        for (JsonNode entry : FILE.get("parameter_order")) {
            String name = entry.get("name").asText();
            int[] shape = Golden.ints(entry.get("shape"));
            Tensor value = NnGolden.closedForm(constants, entry.get("p").asInt(), entry.get("fan_in").asInt(), shape);
            JsonNode stored = FILE.get("nn_params").get(name);
            if (stored.has("full")) {
                TensorTolerance.assertRelative(JsonTensors.tensor(stored.get("full")), value, 1e-15, name);
            } else {
                double[] values = value.toArray();
                for (JsonNode e : stored.get("entries")) {
                    assertEquals(e.get("value").asDouble(), values[e.get("flat_index").asInt()], 1e-16, name);
                }
            }
            assertEquals(order.get(params.size()), TonesGenerator.storeName(name), "torch's parameter order");
            params.put(TonesGenerator.storeName(name), value);
        }
        return Collections.unmodifiableMap(params);
    }
}
