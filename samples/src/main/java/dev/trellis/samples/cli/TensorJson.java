package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Named tensors as the commands' JSON reports and parameter files write them: one field per name, in the map's
 * order, a scalar as a number and any other tensor as nested arrays, one nesting level per dimension.
 */
final class TensorJson {
    private TensorJson() {}

    /** {@return the tensors as a JSON object} */
    static ObjectNode object(ObjectMapper mapper, Map<String, Tensor> tensors) {
        ObjectNode object = mapper.createObjectNode();
        tensors.forEach((name, value) -> object.set(name, nested(mapper, value.toArray(), value.shape(), 0, 0)));
        return object;
    }

    private static JsonNode nested(ObjectMapper mapper, double[] values, int[] shape, int dim, int offset) {
        if (dim == shape.length) {
            return mapper.getNodeFactory().numberNode(values[offset]);
        }
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < shape[dim]; i++) {
            array.add(nested(mapper, values, shape, dim + 1, offset + i * stride));
        }
        return array;
    }
}
