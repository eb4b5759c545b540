package dev.trellis.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the reference files in {@code ../shared/golden}, computed with Pyro itself. */
public final class Golden {
    private Golden() {}

    /** The shared folder beside the checkout (the build passes its location to the tests). */
    public static Path sharedDir() {
        String dir = System.getProperty("trellis.shared.dir");
        Path path = dir != null ? Path.of(dir) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(path.resolve("golden"))) {
            throw new IllegalStateException("golden files not found under " + path.toAbsolutePath()
                    + "; the shared/ folder must sit beside the checkout");
        }
        return path;
    }

    public static Path file(String name) {
        return sharedDir().resolve("golden").resolve(name);
    }

    public static JsonNode load(String name) {
        try {
            return new ObjectMapper().readTree(file(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    public static double[][] matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = doubles(rows.get(i));
        }
        return values;
    }
}
