package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An HMM parameter file: {@code pi} (K), {@code A} (K x K), {@code B} (K x S) and {@code cases},
 * a list of {"obs": [symbol, ...]} with an optional "name". Other keys are ignored, so the golden
 * files can be read as they are.
 */
record HmmFile(Tensor pi, Tensor transition, Tensor emission, List<Case> cases) {

    /** One observation sequence to run inference on. */
    record Case(String name, int[] obs) {}

    static HmmFile read(ObjectMapper mapper, Path path) throws IOException {
        JsonNode root = InputFiles.readJson(path);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(path + ": expected a JSON object with pi, A, B and cases");
        }
        Tensor pi = Tensor.vector(numbers(required(root, "pi", path), "pi"));
        Tensor a = Tensor.matrix(rows(required(root, "A", path), "A"));
        Tensor b = Tensor.matrix(rows(required(root, "B", path), "B"));
        List<Case> cases = new ArrayList<>();
        JsonNode list = required(root, "cases", path);
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            JsonNode obs = c.get("obs");
            if (obs == null || !obs.isArray()) {
                throw new IllegalArgumentException(path + ": cases[" + i + "] has no \"obs\" array");
            }
            int[] symbols = new int[obs.size()];
            for (int t = 0; t < symbols.length; t++) {
                if (!obs.get(t).canConvertToExactIntegral() || !obs.get(t).canConvertToInt()) {
                    throw new IllegalArgumentException(path + ": cases[" + i + "].obs[" + t + "] = " + obs.get(t)
                            + " is not an integer symbol");
                }
                symbols[t] = obs.get(t).asInt();
            }
            cases.add(new Case(c.hasNonNull("name") ? c.get("name").asText() : null, symbols));
        }
        return new HmmFile(pi, a, b, cases);
    }

    private static JsonNode required(JsonNode root, String key, Path path) {
        JsonNode node = root.get(key);
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(path + ": \"" + key + "\" is missing or not an array");
        }
        return node;
    }

    private static double[][] rows(JsonNode node, String name) {
        double[][] rows = new double[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = numbers(node.get(i), name + "[" + i + "]");
        }
        return rows;
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
