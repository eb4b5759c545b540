package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.InputFiles;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.jsb.JsbModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a JSB model as a JSON object {parameter name: nested array}, one nesting level per dimension, as the
 * {@code init_params} and {@code params} of the golden files. Which names and shapes a model needs is checked where
 * the tables are used ({@code JsbParameterChecks}), so the messages name the model.
 */
final class JsbParamsFile {
    private JsbParamsFile() {}

    /**
     * @throws IllegalArgumentException naming the file, the parameter and the position of a ragged array or a value
     *     that is not a number
     */
    static Map<String, Tensor> read(ObjectMapper mapper, Path file) throws IOException {
        JsonNode root = InputFiles.readJson(file);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object {parameter name: nested array}");
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            params.put(field.getKey(), tensor(file + ": parameter '" + field.getKey() + "'", field.getValue()));
        }
        return params;
    }

    /**
     * {@link #read(ObjectMapper, Path)}, rejecting a name the model does not have (a misspelt name would otherwise only
     * show up as a missing one).
     */
    static Map<String, Tensor> read(ObjectMapper mapper, Path file, JsbModel model, int tones) throws IOException {
        Map<String, Tensor> params = read(mapper, file);
        List<String> names = model.parameters(tones).stream().map(JsbModel.Parameter::name).toList();
        for (String name : params.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(file + ": " + model.id() + " has no parameter '" + name
                        + "'; its parameters are " + names);
            }
        }
        return params;
    }

    static void write(ObjectMapper mapper, Path file, Map<String, Tensor> params) throws IOException {
        OutputFiles.writeJson(file, mapper, TensorJson.object(mapper, params));
    }

    private static Tensor tensor(String where, JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode level = node; level.isArray(); level = level.get(0)) {
            if (level.isEmpty()) {
                throw new IllegalArgumentException(where + " has an empty array");
            }
            shape.add(level.size());
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        List<Double> values = new ArrayList<>();
        flatten(where, node, dims, 0, "", values);
        return Tensor.of(values.stream().mapToDouble(Double::doubleValue).toArray(), dims);
    }

    private static void flatten(String where, JsonNode node, int[] shape, int dim, String index, List<Double> values) {
        if (dim == shape.length) {
            if (!node.isNumber()) {
                throw new IllegalArgumentException(where + index + " = " + node + " is not a number");
            }
            values.add(node.doubleValue());
            return;
        }
        if (!node.isArray() || node.size() != shape[dim]) {
            throw new IllegalArgumentException(where + index + " should be an array of " + shape[dim]
                    + " entries (the array is not rectangular), got " + abbreviate(node));
        }
        for (int i = 0; i < shape[dim]; i++) {
            flatten(where, node.get(i), shape, dim + 1, index + "[" + i + "]", values);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
