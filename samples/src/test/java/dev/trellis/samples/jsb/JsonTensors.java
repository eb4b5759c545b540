package dev.trellis.samples.jsb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nested JSON arrays of numbers (any depth) as tensors, and objects of them as ordered maps. */
public final class JsonTensors {
    private JsonTensors() {}

    public static Tensor tensor(JsonNode nested) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode level = nested; level.isArray(); level = level.get(0)) {
            shape.add(level.size());
        }
        List<Double> values = new ArrayList<>();
        flatten(nested, values);
        double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
        return Tensor.of(data, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Each field of {@code object} as a tensor, in the file's order. */
    public static Map<String, Tensor> tensors(JsonNode object) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> tensors.put(field.getKey(), tensor(field.getValue())));
        return tensors;
    }

    private static void flatten(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, values));
        } else {
            values.add(node.doubleValue());
        }
    }
}
