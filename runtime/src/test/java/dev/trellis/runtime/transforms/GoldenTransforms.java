package dev.trellis.runtime.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the "transforms" section of {@code shared/golden/distributions.json} (torch 1.13 / Pyro 1.8.6, float64)
 * and compares against it. The build passes the shared folder as {@code trellis.shared.dir}; a missing file
 * fails the tests rather than skipping them.
 */
final class GoldenTransforms {

    /** The project's agreement target with the golden values, relative. */
    static final double RELATIVE_TOLERANCE = 1e-9;

    private GoldenTransforms() {
    }

    /** The records of the section, one per registry and constraint. */
    static List<JsonNode> records() {
        Path file = goldenFile();
        try {
            List<JsonNode> records = new ArrayList<>();
            new ObjectMapper().readTree(file.toFile()).get("transforms").forEach(records::add);
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** A JSON number, nested list of numbers, or the strings "Infinity", "-Infinity", "NaN", as a tensor. */
    static Tensor tensor(JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            shape.add(n.size());
        }
        List<Double> values = new ArrayList<>();
        flatten(node, values);
        return Tensor.of(values.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Whether {@code actual} agrees with {@code expected}: {@code |a - b| <= 1e-9 |b|}, which makes zero and
     * infinities exact, and NaN only agrees with NaN.
     */
    static boolean agrees(double actual, double expected) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            return Double.compare(actual, expected) == 0;
        }
        return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.abs(expected);
    }

    /** The first element that disagrees, described, or null if all agree (shapes must be equal). */
    static String disagreement(Tensor actual, Tensor expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + " but golden "
                    + Arrays.toString(expected.shape());
        }
        double[] a = actual.toArray();
        double[] b = expected.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!agrees(a[i], b[i])) {
                return "element " + i + " is " + a[i] + " but golden " + b[i] + " (relative error "
                        + Math.abs(a[i] - b[i]) / Math.abs(b[i]) + ")";
            }
        }
        return null;
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else if (node.isTextual()) {
            out.add(Double.parseDouble(node.asText()));
        } else {
            out.add(node.doubleValue());
        }
    }

    private static Path goldenFile() {
        String shared = System.getProperty("trellis.shared.dir");
        Path file = Path.of(shared != null ? shared : "../../shared", "golden", "distributions.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("golden file not found: " + file.toAbsolutePath()
                    + "; the shared/ folder must sit beside the checkout");
        }
        return file;
    }
}
