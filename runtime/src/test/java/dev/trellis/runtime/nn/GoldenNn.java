package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the golden files of the network layers ({@code shared/golden/nn_layers.json}, {@code dmm_seed.json}; torch
 * 1.13 / Pyro 1.8.6 in float64) and compares tensors with them. The build passes the shared folder as
 * {@code trellis.shared.dir}; a missing file fails the test.
 */
public final class GoldenNn {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenNn() {
    }

    public static JsonNode load(String name) {
        String shared = System.getProperty("trellis.shared.dir");
        Path file = Path.of(shared != null ? shared : "../../shared", "golden", name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file.toAbsolutePath() + "; set -Dtrellis.shared.dir");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** A nested JSON array (or a number) as a tensor of the nesting's shape. */
    public static Tensor tensor(JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        JsonNode probe = node;
        while (probe.isArray()) {
            shape.add(probe.size());
            probe = probe.get(0);
            if (probe == null) {
                break;
            }
        }
        List<Double> values = new ArrayList<>();
        flatten(node, values);
        return Tensor.of(values.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void flatten(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, values));
        } else {
            values.add(node.asDouble());
        }
    }

    /**
     * Asserts elementwise agreement to {@code relative} of each expected entry, with a floor of {@code relative}
     * times 1e-6 of the largest expected entry for entries that are zero or nearly so (a dead ReLU unit's gradient is
     * 0 in torch and may be a few ulps here when it is a sum of cancelling terms).
     */
    public static void assertClose(String what, Tensor expected, Tensor actual, double relative) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        double largest = 0;
        for (double v : e) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            double tolerance = relative * Math.max(Math.abs(e[i]), 1e-6 * largest);
            if (!(Math.abs(a[i] - e[i]) <= tolerance)) {
                fail(what + " at flat index " + i + ": expected " + e[i] + " but got " + a[i] + " (relative error "
                        + Math.abs(a[i] - e[i]) / Math.abs(e[i]) + ", tolerance " + tolerance + "); shape "
                        + Arrays.toString(expected.shape()));
            }
        }
    }

    /** {@link #assertClose(String, Tensor, Tensor, double)} for one number. */
    public static void assertClose(String what, double expected, double actual, double relative) {
        assertClose(what, Tensor.scalar(expected), Tensor.scalar(actual), relative);
    }
}
