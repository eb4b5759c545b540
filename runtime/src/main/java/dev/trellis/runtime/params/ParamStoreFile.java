package dev.trellis.runtime.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.io.AtomicFile;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Saves a {@link ParamStore} to a JSON file and loads it back, bit for bit.
 *
 * <p>Layout: {@code {"format": "trellis-params", "version": 1, "params": {name: {"constraint":
 * spec, "shape": [...], "unconstrained": [flat row-major values]}}}}. Java writes each double with
 * enough digits to identify it exactly, and reads it back to the same bits.
 *
 * <p>A checkpoint is the same file with a {@code "training"} section beside {@code "params"}: {@code {"step",
 * "rng": [4 hexadecimal words], "losses": [...], "optimizer": {name: {"shape", "values"}}}}
 * ({@link TrainingState}).
 *
 * <p>A save never damages the previous file: it is written through {@link AtomicFile}, so a crash at
 * any moment leaves either the old file or the new one, whole.
 *
 * <p>Thread-safe: it keeps no state (saving a store reads one immutable snapshot of it).
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
        save(store.snapshot(), null, target, out -> { });
    }

    /**
     * Writes a checkpoint: every parameter of {@code store} and where training stands, replacing {@code target}
     * atomically. The file is still a parameter file ({@link #load} reads its parameters);
     * {@link #loadTrainingState} reads the rest.
     *
     * @throws IOException if the file cannot be written; {@code target} is then unchanged
     */
    public static void save(ParamStore store, TrainingState training, Path target) throws IOException {
        save(store.snapshot(), training, target, out -> { });
    }

    /** The save, with a hook called after the content is written and before it is synced (tests use it to fail there). */
    static void save(Map<String, ParamStore.Entry> snapshot, @Nullable TrainingState training, Path target,
            BeforeSync hook) throws IOException {
        ObjectNode root = toJson(snapshot);
        if (training != null) {
            root.set("training", trainingJson(training));
        }
        byte[] content = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFile.write(target, out -> {
            out.write(content);
            out.flush();
            hook.run(out);
        });
    }

    /**
     * Reads the parameters of a file written by {@link #save}.
     *
     * @return the entries, in file order, ready for {@link ParamStore#restore(Map)}
     * @throws IOException if the file cannot be read, is not JSON or is not a Trellis parameter file; the message
     *     names the file and what is wrong
     */
    public static Map<String, ParamStore.Entry> load(Path file) throws IOException {
        JsonNode root = readRoot(file);
        Map<String, ParamStore.Entry> entries = new LinkedHashMap<>();
        var fields = root.path("params").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            entries.put(field.getKey(), readEntry(file, field.getKey(), field.getValue()));
        }
        return entries;
    }

    /**
     * Reads where training stood in a checkpoint written by {@link #save(ParamStore, TrainingState, Path)}.
     *
     * @throws IOException naming the file if it cannot be read, is not a parameter file, holds no training state
     *     (it was saved without one) or holds a malformed one
     */
    public static TrainingState loadTrainingState(Path file) throws IOException {
        JsonNode training = readRoot(file).get("training");
        if (training == null || !training.isObject()) {
            throw new IOException(file + " holds parameters but no training state: it was not written as a "
                    + "checkpoint");
        }
        try {
            JsonNode rngNode = training.path("rng");
            if (!rngNode.isArray() || rngNode.size() != 4) {
                throw new IllegalArgumentException("\"rng\" must be 4 hexadecimal words");
            }
            long[] words = new long[4];
            for (int i = 0; i < 4; i++) {
                words[i] = Long.parseUnsignedLong(rngNode.get(i).asText(), 16);
            }
            JsonNode lossesNode = training.path("losses");
            double[] losses = new double[lossesNode.size()];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = number(lossesNode.get(i), "losses[" + i + "]");
            }
            Map<String, Tensor> optimizer = new LinkedHashMap<>();
            var fields = training.path("optimizer").fields();
            while (fields.hasNext()) {
                var field = fields.next();
                optimizer.put(field.getKey(), readTensor(file, "optimizer state '" + field.getKey() + "'",
                        field.getValue().path("shape"), field.getValue().path("values")));
            }
            JsonNode step = training.path("step");
            if (!step.canConvertToExactIntegral() || !step.canConvertToInt()) {
                throw new IllegalArgumentException("\"step\" must be a whole number, got " + step);
            }
            return new TrainingState(step.intValue(), optimizer,
                    new Rng.State(words[0], words[1], words[2], words[3]), losses);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": malformed training state: " + e.getMessage(), e);
        }
    }

    /** Callback between writing and syncing, for tests that simulate a failure there. */
    @FunctionalInterface
    interface BeforeSync {
        void run(OutputStream out) throws IOException;
    }

    private static JsonNode readRoot(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new IOException("cannot read " + file + ": no such file", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException(file + " is not a Trellis parameter file (format " + FORMAT + ", version " + VERSION + ")");
        }
        return root;
    }

    private static ObjectNode trainingJson(TrainingState training) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("step", training.step());
        ArrayNode rng = node.putArray("rng");
        Rng.State state = training.rng();
        for (long word : new long[] {state.increment(), state.lcg(), state.x0(), state.x1()}) {
            rng.add(Long.toUnsignedString(word, 16));
        }
        ArrayNode losses = node.putArray("losses");
        for (double loss : training.losses()) {
            losses.add(loss);
        }
        ObjectNode optimizer = node.putObject("optimizer");
        training.optimizer().forEach((name, value) -> {
            ObjectNode entry = optimizer.putObject(name);
            ArrayNode shape = entry.putArray("shape");
            for (int size : value.shape()) {
                shape.add(size);
            }
            ArrayNode values = entry.putArray("values");
            for (double v : value.toArray()) {
                values.add(v);
            }
        });
        return node;
    }

    private static ObjectNode toJson(Map<String, ParamStore.Entry> snapshot) {
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
        if (!node.path("constraint").isTextual() || !node.path("shape").isArray()
                || !node.path("unconstrained").isArray()) {
            throw new IOException(file + ": parameter '" + name + "' needs \"constraint\", \"shape\" and \"unconstrained\"");
        }
        Tensor value = readTensor(file, "parameter '" + name + "'", node.get("shape"), node.get("unconstrained"));
        try {
            return new ParamStore.Entry(value, Constraint.parse(node.get("constraint").asText()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": parameter '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Tensor readTensor(Path file, String what, JsonNode shapeNode, JsonNode valuesNode)
            throws IOException {
        if (!shapeNode.isArray() || !valuesNode.isArray()) {
            throw new IOException(file + ": " + what + " needs a \"shape\" and its values");
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode size = shapeNode.get(i);
            if (!size.canConvertToInt() || !size.canConvertToExactIntegral() || size.intValue() < 0) {
                throw new IOException(file + ": " + what + " has shape " + shapeNode + "; sizes are whole numbers >= 0");
            }
            shape[i] = size.intValue();
            count *= shape[i];
        }
        if (count != valuesNode.size()) {
            throw new IOException(file + ": " + what + " has shape " + shapeNode + " but " + valuesNode.size()
                    + " values");
        }
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = valuesNode.get(i);
            if (!value.isNumber()) {
                throw new IOException(file + ": " + what + " value " + i + " is " + value + ", not a number");
            }
            values[i] = value.doubleValue();
        }
        return Tensor.of(values, shape);
    }

    private static double number(JsonNode node, String what) {
        if (node == null || !node.isNumber()) {
            throw new IllegalArgumentException(what + " is " + node + ", not a number");
        }
        return node.doubleValue();
    }
}
