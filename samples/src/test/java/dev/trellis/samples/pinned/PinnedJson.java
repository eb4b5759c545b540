package dev.trellis.samples.pinned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pinned files' JSON: written by hand so that every double is {@link Double#toString(double)} (which reads back
 * to the same bits) and nothing is rounded, read with Jackson (whose double parsing is {@link Double#parseDouble}).
 * Non-finite doubles ({@code -Infinity} for impossible evidence) are written as strings, since JSON has no literal
 * for them; {@link #number} reads both forms.
 *
 * <p>Layout: objects and lists of objects one element per line; arrays of numbers, matrices and tensors on one line
 * (indenting their rows would add a fifth to the files' size).
 */
final class PinnedJson {
    /** Where the files live on the test classpath (and under {@code src/test/resources}). */
    static final String DIRECTORY = "pinned";

    private PinnedJson() {}

    /** {@return the pinned file {@code name} as a tree, from the test classpath} */
    static JsonNode load(String name) {
        String resource = "/" + DIRECTORY + "/" + name;
        try (InputStream in = PinnedJson.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no pinned file " + resource + " on the test classpath; write the files"
                        + " with -Dtrellis.pin.write=true (see PinnedResultsWriterTest)");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return a double written by {@link #write}: a JSON number, or the string of a non-finite value} */
    static double number(JsonNode node) {
        if (node.isTextual()) {
            return Double.parseDouble(node.asText());
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("expected a number, got " + node);
        }
        return node.doubleValue();
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.get(i));
        }
        return values;
    }

    static double[][] matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = doubles(rows.get(i));
        }
        return values;
    }

    static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isInt()) {
                throw new IllegalArgumentException("expected an int, got " + array.get(i));
            }
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    /** {@return nested arrays (any depth; a bare number is a scalar) as a tensor of that shape} */
    static Tensor tensor(JsonNode nested) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode level = nested; level.isArray(); level = level.get(0)) {
            shape.add(level.size());
        }
        List<Double> values = new ArrayList<>();
        flatten(nested, values);
        return Tensor.of(values.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void flatten(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, values));
        } else {
            values.add(number(node));
        }
    }

    /**
     * {@return {@code value} as JSON text} Supported values: {@code Map<String, ?>} (an object, in the map's order),
     * {@code List<?>}, {@code double[]}, {@code double[][]}, {@code int[]}, {@link Tensor} (nested arrays of its
     * shape), {@code Double}, {@code Integer}, {@code Long}, {@code Boolean} and {@code String}.
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.append('\n').toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            String inner = indent + "  ";
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> field : map.entrySet()) {
                out.append(inner);
                string((String) field.getKey(), out);
                out.append(": ");
                write(field.getValue(), inner, out);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            String inner = indent + "  ";
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(inner);
                write(list.get(i), inner, out);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (value instanceof double[][] rows) {
            out.append('[');
            for (int i = 0; i < rows.length; i++) {
                out.append(i == 0 ? "" : ",");
                write(rows[i], indent, out);
            }
            out.append(']');
        } else if (value instanceof double[] row) {
            out.append('[');
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : ",");
                number(row[i], out);
            }
            out.append(']');
        } else if (value instanceof int[] row) {
            out.append('[');
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : ",").append(row[i]);
            }
            out.append(']');
        } else if (value instanceof Tensor tensor) {
            tensor(tensor.toArray(), tensor.shape(), 0, 0, out);
        } else if (value instanceof Double d) {
            number(d, out);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof String s) {
            string(s, out);
        } else {
            throw new IllegalArgumentException("cannot write " + (value == null ? "null" : value.getClass()));
        }
    }

    /** Writes a tensor's values as nested arrays of its shape on one line (a scalar: a bare number). */
    private static void tensor(double[] data, int[] shape, int dim, int offset, StringBuilder out) {
        if (dim == shape.length) {
            number(data[offset], out);
            return;
        }
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        out.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            out.append(i == 0 ? "" : ",");
            tensor(data, shape, dim + 1, offset + i * stride, out);
        }
        out.append(']');
    }

    private static void number(double value, StringBuilder out) {
        if (Double.isFinite(value)) {
            out.append(Double.toString(value));
        } else {
            string(Double.toString(value), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
