package dev.trellis.samples.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jspecify.annotations.Nullable;

/**
 * The one way the command line writes a file (parameter tables, JSON, PNG plots): the content is rendered in memory,
 * then written through the runtime's {@link AtomicFile} — to a temporary file in the same folder, forced to disk and
 * renamed over the target — so that a failure or a kill at any moment leaves the previous file whole. And the check
 * every command makes of its output paths before it starts working, so that a path in a missing folder is an error
 * at once rather than after a long training.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks that {@code file} can be written: its folder exists and is writable, and it is not itself a folder.
     * Nothing to check if {@code file} is null (the option was not given).
     *
     * @param option the option that named the file, for the message
     * @throws IllegalArgumentException naming the option, the file and the problem
     */
    public static void requireWritable(@Nullable Path file, String option) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + file + ": the folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException(option + " " + file + ": the folder " + folder + " is not writable");
        }
    }

    /** Writes {@code node} as pretty-printed JSON, atomically. */
    public static void writeJson(Path file, ObjectMapper mapper, JsonNode node) throws IOException {
        write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    /** Writes {@code image} as a PNG, atomically. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        var png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer available to write " + file);
        }
        write(file, png.toByteArray());
    }

    /** Renders {@code chart} at the given size and writes it as a PNG, atomically. */
    public static void writePng(Path file, JFreeChart chart, int width, int height) throws IOException {
        var png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        write(file, png.toByteArray());
    }

    /** Writes {@code bytes}, atomically. */
    public static void write(Path file, byte[] bytes) throws IOException {
        AtomicFile.write(file, bytes);
    }
}
