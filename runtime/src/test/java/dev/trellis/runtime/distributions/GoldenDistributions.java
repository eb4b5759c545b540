package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code shared/golden/distributions.json} (Pyro 1.8.6 / torch 1.13, float64) and compares tensors with its
 * values. The file writes non-finite numbers as the strings "Infinity", "-Infinity" and "NaN", and a torch exception
 * as an object {@code {"error": "..."}}.
 */
final class GoldenDistributions {

    /** Relative tolerance of the golden comparisons. */
    static final double RELATIVE = 1e-9;

    private static final JsonNode ROOT = read();

    private GoldenDistributions() {
    }

    /** A record of the {@code log_prob} section. */
    record Case(int index, String dist, JsonNode params, JsonNode value, String note, JsonNode logProb,
                String validateArgsTrue, JsonNode mean, JsonNode variance, JsonNode entropy) {

        /** {@return whether torch, with validation on (Pyro's default), raised for this case} */
        boolean torchRejects() {
            return !validateArgsTrue.startsWith("ok");
        }

        Tensor param(String name) {
            return tensor(params.get(name));
        }

        boolean hasParam(String name) {
            return params.has(name);
        }

        Tensor valueTensor() {
            return tensor(value);
        }

        @Override
        public String toString() {
            return "#" + index + " " + dist + " " + params + " value " + value + (note.isEmpty() ? "" : " (" + note
                    + ")");
        }
    }

    /** All {@code log_prob} records of one family, in file order. */
    static List<Case> cases(String dist) {
        List<Case> result = new ArrayList<>();
        JsonNode records = ROOT.get("log_prob");
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            if (r.get("dist").asText().equals(dist)) {
                result.add(new Case(i, dist, r.get("params"), r.get("value"), r.path("note").asText(""),
                        r.get("log_prob"), r.get("validate_args_true").asText(), r.get("mean"), r.get("variance"),
                        r.get("entropy")));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("no golden records for " + dist);
        }
        return result;
    }

    /** The records of the {@code kl} section of one family. */
    static List<JsonNode> klCases(String dist) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode r : ROOT.get("kl")) {
            if (r.get("dist").asText().equals(dist)) {
                result.add(r);
            }
        }
        return result;
    }

    /** {@return whether a golden entry is torch's error record} */
    static boolean isError(JsonNode node) {
        return node.isObject() && node.has("error");
    }

    /** A number, or a nested list of numbers, as a tensor; the strings "Infinity", "-Infinity", "NaN" as such. */
    static Tensor tensor(JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            shape.add(n.size());
        }
        List<Double> flat = new ArrayList<>();
        flatten(node, flat);
        double[] data = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Tensor.of(data, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    static double number(JsonNode node) {
        if (node.isTextual()) {
            return Double.parseDouble(node.asText());   // "Infinity", "-Infinity", "NaN"
        }
        return node.asDouble();
    }

    /**
     * Asserts {@code actual} equals the golden {@code expected}: same shape, and each entry within {@link #RELATIVE}
     * of the golden value relative to its magnitude; infinities and NaN must match exactly.
     */
    static void assertMatches(JsonNode expected, Tensor actual, String what) {
        if (isError(expected)) {
            fail(what + ": torch raised " + expected.get("error") + " but Trellis returned " + actual);
        }
        Tensor golden = tensor(expected);
        assertArrayEquals(golden.shape(), actual.shape(), what + ": shape");
        double[] want = golden.toArray();
        double[] got = actual.toArray();
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], got[i], what + (want.length > 1 ? "[" + i + "]" : ""));
        }
    }

    /** Relative closeness; an exact 0 is compared with an absolute 1e-300 (denormal noise), non-finite exactly. */
    static void assertClose(double expected, double actual, String what) {
        boolean ok;
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            ok = Double.compare(expected, actual) == 0;
        } else {
            ok = Math.abs(actual - expected) <= RELATIVE * Math.abs(expected) || Math.abs(actual - expected) <= 1e-300;
        }
        assertTrue(ok, () -> what + ": expected " + expected + " (Pyro) but was " + actual + " (relative error "
                + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else {
            out.add(number(node));
        }
    }

    private static JsonNode read() {
        String shared = System.getProperty("trellis.shared.dir");
        Path file = Path.of(shared != null ? shared : "../../shared", "golden", "distributions.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("golden file not found: " + file.toAbsolutePath()
                    + "; the shared/ folder must sit beside the checkout");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
