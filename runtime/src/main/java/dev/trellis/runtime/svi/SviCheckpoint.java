package dev.trellis.runtime.svi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.optim.OptimizerState;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.params.ParamStoreFile;
import dev.trellis.runtime.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the next step of training depends on, saved between steps so that a run stopped at any moment resumes
 * and finishes with the bits of an uninterrupted run: the parameters (and the estimator's state kept with them), the
 * optimizer's state (Adam's moments and step counts), the random stream's seed and position (the next minibatch and
 * guide draws), and the number of steps taken.
 *
 * <p>The file is JSON ({@code {"format": "trellis-checkpoint", "version": 1, "steps", "rng": {"seed", "position"},
 * "params": {...as ParamStoreFile...}, "optimizer": {"parameters": {name: [buffers]}, "shared": [...]}}}), every double
 * written with enough digits to read back the same bits, and it is replaced atomically
 * ({@link ParamStoreFile#writeAtomically}): a crash leaves the previous checkpoint or the new one, whole.
 *
 * @param steps the steps taken
 * @param params the parameter store's entries
 * @param optimizer the optimizer's state
 * @param rngSeed the seed of the training's random stream
 * @param rngPosition the stream's {@link Rng#position() position}
 */
public record SviCheckpoint(int steps, Map<String, ParamStore.Entry> params, OptimizerState optimizer, long rngSeed,
                            long rngPosition) {

    static final String FORMAT = "trellis-checkpoint";
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SviCheckpoint {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Captures a training between steps.
     *
     * @param svi the training; its optimizer must be able to save its state
     * @param rng the random stream its steps draw from; a seeded stream that was never split
     * @throws IllegalStateException if the stream cannot be resumed
     * @throws UnsupportedOperationException if the optimizer cannot save its state
     */
    public static SviCheckpoint of(Svi svi, Rng rng) {
        return new SviCheckpoint(svi.stepsTaken(), svi.store().snapshot(), svi.optimizer().state(), rng.seed(),
                rng.position());
    }

    /**
     * Puts this state back into a training built like the one it was captured from (same programs, optimizer kind and
     * settings, estimator): its store, its optimizer and its step count.
     *
     * @return the random stream, at the position it had
     */
    public Rng restore(Svi svi) {
        svi.store().restore(params);
        svi.optimizer().restore(optimizer);
        svi.resumeAt(steps);
        return Rng.seeded(rngSeed, rngPosition);
    }

    /** Writes the checkpoint, replacing {@code target} atomically. */
    public void save(Path target) throws IOException {
        ObjectNode root = ParamStoreFile.toJson(params);
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("steps", steps);
        ObjectNode rng = root.putObject("rng");
        rng.put("seed", rngSeed);
        rng.put("position", rngPosition);
        ObjectNode state = root.putObject("optimizer");
        ObjectNode parameters = state.putObject("parameters");
        optimizer.parameters().forEach((name, buffers) -> {
            ArrayNode list = parameters.putArray(name);
            for (double[] buffer : buffers) {
                ArrayNode values = list.addArray();
                for (double value : buffer) {
                    values.add(value);
                }
            }
        });
        ArrayNode shared = state.putArray("shared");
        for (double value : optimizer.shared()) {
            shared.add(value);
        }
        ParamStoreFile.writeAtomically(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), target);
    }

    /**
     * Reads a checkpoint written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or is not a checkpoint; the message names the file and what is
     *     wrong
     */
    public static SviCheckpoint load(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException(file + " is not a Trellis checkpoint (format " + FORMAT + ", version " + VERSION + ")");
        }
        if (!root.path("steps").canConvertToInt() || !root.path("rng").path("seed").isIntegralNumber()
                || !root.path("rng").path("position").isIntegralNumber()) {
            throw new IOException(file + ": a checkpoint needs \"steps\", \"rng\": {\"seed\", \"position\"}");
        }
        Map<String, List<double[]>> parameters = new LinkedHashMap<>();
        var fields = root.path("optimizer").path("parameters").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            List<double[]> buffers = new ArrayList<>();
            for (JsonNode buffer : field.getValue()) {
                buffers.add(doubles(file, "optimizer buffer of '" + field.getKey() + "'", buffer));
            }
            parameters.put(field.getKey(), buffers);
        }
        return new SviCheckpoint(root.get("steps").intValue(), ParamStoreFile.fromJson(file, root),
                new OptimizerState(parameters, doubles(file, "optimizer shared state",
                        root.path("optimizer").path("shared"))),
                root.get("rng").get("seed").longValue(), root.get("rng").get("position").longValue());
    }

    private static double[] doubles(Path file, String what, JsonNode array) throws IOException {
        if (!array.isArray()) {
            throw new IOException(file + ": " + what + " is not an array");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new IOException(file + ": " + what + " entry " + i + " is " + array.get(i) + ", not a number");
            }
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }
}
