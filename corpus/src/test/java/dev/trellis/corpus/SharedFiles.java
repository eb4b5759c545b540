package dev.trellis.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the golden files in {@code ../shared/golden} (computed with Pyro), whose location the build passes in. */
public final class SharedFiles {
    private SharedFiles() {}

    /** {@return a golden file, parsed} */
    public static JsonNode golden(String name) {
        String dir = System.getProperty("trellis.shared.dir");
        Path shared = dir != null ? Path.of(dir) : Path.of("..", "..", "shared");
        Path file = shared.resolve("golden").resolve(name);
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

    /** {@return a JSON array of numbers as doubles} */
    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    /** {@return a JSON array of integers} */
    public static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    /** {@return a JSON array of arrays of numbers} */
    public static double[][] matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = doubles(rows.get(i));
        }
        return values;
    }
}
