package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of the {@code gmm} commands: data as a JSON array of numbers, globals as a JSON object
 * {@code {"weights": [...], "scale": s, "locs": [...]}} (other keys are ignored, so a point of {@code gmm.json} can be
 * read as it is); and the globals, assignments and probabilities written back as JSON.
 */
final class GmmFiles {
    /** The GMM tutorial's data. */
    static final double[] TUTORIAL_DATA = {0.0, 1.0, 10.0, 11.0, 12.0};

    private GmmFiles() {}

    static Tensor data(ObjectMapper mapper, Path path) throws IOException {
        JsonNode root = InputFiles.readJson(path);
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(path + ": expected a non-empty JSON array of numbers");
        }
        return Tensor.vector(numbers(root, path + ": data"));
    }

    static Map<String, Tensor> globals(ObjectMapper mapper, Path path) throws IOException {
        JsonNode root = InputFiles.readJson(path);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(path + ": expected a JSON object with weights, scale and locs");
        }
        Map<String, Tensor> globals = new LinkedHashMap<>();
        globals.put("weights", Tensor.vector(numbers(required(root, "weights", path), path + ": weights")));
        JsonNode scale = required(root, "scale", path);
        if (!scale.isNumber()) {
            throw new IllegalArgumentException(path + ": scale = " + scale + " is not a number");
        }
        globals.put("scale", Tensor.scalar(scale.asDouble()));
        globals.put("locs", Tensor.vector(numbers(required(root, "locs", path), path + ": locs")));
        return globals;
    }

    static void putInts(ObjectNode node, String key, int[] values) {
        ArrayNode array = node.putArray(key);
        for (int v : values) {
            array.add(v);
        }
    }

    static void putMatrix(ObjectNode node, String key, double[][] rows) {
        ArrayNode array = node.putArray(key);
        for (double[] row : rows) {
            ArrayNode r = array.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
    }

    private static JsonNode required(JsonNode root, String key, Path path) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(path + ": \"" + key + "\" is missing");
        }
        return node;
    }

    private static double[] numbers(JsonNode node, String name) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(name + " must be an array of numbers, got " + node);
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not a number");
            }
            values[i] = v.asDouble();
        }
        return values;
    }
}
