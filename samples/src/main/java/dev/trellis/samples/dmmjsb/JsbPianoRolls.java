package dev.trellis.samples.dmmjsb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSB chorales as Pyro's {@code polyphonic_data_loader} gives them to {@code examples/dmm.py}: every chorale a 0/1
 * piano roll {@code [T, 88]} over all 88 keys (note index = MIDI number - 21), without padding. (hmm.py keeps only the
 * 51 notes that sound in train; dmm.py keeps all 88.)
 *
 * @param splits each split of the file (train, valid, test) by name, its chorales in the file's order
 */
public record JsbPianoRolls(Map<String, List<Tensor>> splits) {

    /** The MIDI number of the lowest piano key, note index 0. */
    public static final int LOWEST_MIDI = 21;
    /** The number of piano keys. */
    public static final int KEYS = 88;

    public JsbPianoRolls {
        Map<String, List<Tensor>> copy = new LinkedHashMap<>();
        splits.forEach((name, chorales) -> copy.put(name, List.copyOf(chorales)));
        splits = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Reads the chorales file.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or is not JSON
     * @throws IllegalArgumentException naming the split, chorale, step and value if a note is not a piano key, or a
     *     chorale has no steps
     */
    public static JsbPianoRolls load(Path file) {
        JsonNode root = InputFiles.readJson(file);
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": expected an object of splits");
        }
        Map<String, List<Tensor>> splits = new LinkedHashMap<>();
        root.fields().forEachRemaining(split -> splits.put(split.getKey(),
                rolls(file + ": split '" + split.getKey() + "'", split.getValue())));
        return new JsbPianoRolls(splits);
    }

    /**
     * Returns a split by name.
     *
     * @throws IllegalArgumentException naming the splits there are if there is no such split
     */
    public List<Tensor> split(String name) {
        List<Tensor> split = splits.get(name);
        if (split == null) {
            throw new IllegalArgumentException("no split '" + name + "' in the JSB chorales; the file has "
                    + splits.keySet());
        }
        return split;
    }

    /** {@return the total number of time steps of a split's chorales} */
    public int steps(String name) {
        return split(name).stream().mapToInt(chorale -> chorale.size(0)).sum();
    }

    /** @param split where the chorales are, for messages: {@code "<file>: split 'train'"} */
    private static List<Tensor> rolls(String split, JsonNode chorales) {
        List<Tensor> rolls = new ArrayList<>();
        if (!chorales.isArray()) {
            throw new IllegalArgumentException(split + " must be an array of chorales");
        }
        for (int i = 0; i < chorales.size(); i++) {
            JsonNode steps = chorales.get(i);
            if (!steps.isArray() || steps.size() == 0) {
                throw new IllegalArgumentException(split + ", chorale " + i
                        + (steps.isArray() ? " has no steps" : " is not an array of steps"));
            }
            double[] roll = new double[steps.size() * KEYS];
            for (int t = 0; t < steps.size(); t++) {
                if (!steps.get(t).isArray()) {
                    throw new IllegalArgumentException(split + ", chorale " + i + ", step "
                            + t + " is not an array of MIDI numbers");
                }
                for (JsonNode midi : steps.get(t)) {
                    int note = midi.intValue() - LOWEST_MIDI;
                    if (!midi.isInt() || note < 0 || note >= KEYS) {
                        throw new IllegalArgumentException(split + ", chorale " + i
                                + ", step " + t + ": MIDI number " + midi + " is not a piano key (21..108)");
                    }
                    roll[t * KEYS + note] = 1.0;
                }
            }
            rolls.add(Tensor.of(roll, steps.size(), KEYS));
        }
        return rolls;
    }
}
