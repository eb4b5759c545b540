package dev.trellis.runtime.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a {@link ParamStore} to a JSON file and loads it back, bit for bit.
 *
 * <p>Layout: {@code {"format": "trellis-params", "version": 1, "params": {name: {"constraint":
 * spec, "shape": [...], "unconstrained": [flat row-major values]}}}}. Java writes each double with
 * enough digits to identify it exactly, and reads it back to the same bits.
 *
 * <p>A save never damages the previous file: the new content goes to a temporary file in the same
 * folder, is forced to disk, and then atomically renamed over the target. A crash at any moment
 * leaves either the old file or the new one, whole.
 */
public final class ParamStoreFile {
    static final String FORMAT = "trellis-params";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ParamStoreFile() {
    }

    /**
     * Writes every parameter of {@code store} to {@code target}, replacing it atomically.
     *
     * @throws IOException if the file cannot be written; {@code target} is then unchanged
     */
    public static void save(ParamStore store, Path target) throws IOException {
        save(store.snapshot(), target, out -> { });
    }

    /** The save, with a hook called after the content is written and before it is synced (tests use it to fail there). */
    static void save(Map<String, ParamStore.Entry> snapshot, Path target, BeforeSync hook) throws IOException {
        writeAtomically(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(snapshot)), target, hook);
    }

    /**
     * Replaces {@code target} with {@code content} atomically: the content goes to a temporary file in the same folder,
     * is forced to disk, and is renamed over the target, so a crash at any moment leaves the old file or the new one,
     * whole. Other files that must never be seen half-written (training checkpoints) are saved this way too.
     *
     * @throws IOException if the file cannot be written; {@code target} is then unchanged
     */
    public static void writeAtomically(byte[] content, Path target) throws IOException {
        writeAtomically(content, target, out -> { });
    }

    static void writeAtomically(byte[] content, Path target, BeforeSync hook) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                out.write(content);
                out.flush();
                hook.run(channel);
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads a file written by {@link #save}.
     *
     * @return the entries, in file order, ready for {@link ParamStore#restore(Map)}
     * @throws IOException if the file cannot be read or is not a Trellis parameter file; the message
     *     names the file and what is wrong
     */
    public static Map<String, ParamStore.Entry> load(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException(file + " is not a Trellis parameter file (format " + FORMAT + ", version " + VERSION + ")");
        }
        return fromJson(file, root);
    }

    /**
     * Reads the entries of a parameter file's JSON (its {@code "params"} object), for files that embed one (training
     * checkpoints).
     *
     * @param file the file it came from, for messages
     * @param root an object with a {@code "params"} member in the layout {@link #save} writes
     * @throws IOException naming the file and the parameter that is malformed
     */
    public static Map<String, ParamStore.Entry> fromJson(Path file, JsonNode root) throws IOException {
        Map<String, ParamStore.Entry> entries = new LinkedHashMap<>();
        var fields = root.path("params").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            entries.put(field.getKey(), readEntry(file, field.getKey(), field.getValue()));
        }
        return entries;
    }

    /** Callback between writing and syncing, for tests that simulate a failure there. */
    @FunctionalInterface
    interface BeforeSync {
        void run(FileChannel channel) throws IOException;
    }

    /**
     * {@return the JSON of a parameter file for {@code snapshot}: format, version and the {@code "params"} object}, for
     * files that embed one (training checkpoints)
     */
    public static ObjectNode toJson(Map<String, ParamStore.Entry> snapshot) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode params = root.putObject("params");
        snapshot.forEach((name, entry) -> {
            ObjectNode param = params.putObject(name);
            param.put("constraint", entry.constraint().spec());
            ArrayNode shape = param.putArray("shape");
            for (int size : entry.unconstrained().shape()) {
                shape.add(size);
            }
            ArrayNode values = param.putArray("unconstrained");
            for (double value : entry.unconstrained().toArray()) {
                values.add(value);
            }
        });
        return root;
    }

    private static ParamStore.Entry readEntry(Path file, String name, JsonNode node) throws IOException {
        JsonNode shapeNode = node.path("shape");
        JsonNode valuesNode = node.path("unconstrained");
        if (!node.path("constraint").isTextual() || !shapeNode.isArray() || !valuesNode.isArray()) {
            throw new IOException(file + ": parameter '" + name + "' needs \"constraint\", \"shape\" and \"unconstrained\"");
        }
        int[] shape = new int[shapeNode.size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        if (count != valuesNode.size()) {
            throw new IOException(file + ": parameter '" + name + "' has shape " + shapeNode + " but "
                    + valuesNode.size() + " values");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            JsonNode value = valuesNode.get(i);
            if (!value.isNumber()) {
                throw new IOException(file + ": parameter '" + name + "' value " + i + " is " + value + ", not a number");
            }
            values[i] = value.doubleValue();
        }
        try {
            return new ParamStore.Entry(Tensor.of(values, shape), Constraint.parse(node.get("constraint").asText()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": parameter '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable; a no-op where the platform cannot open folders. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot sync a folder; the file itself was already forced.
        }
    }
}
