package dev.trellis.samples.jsb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.samples.files.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSB chorales data set, preprocessed exactly as Pyro's {@code examples/hmm.py} does it.
 *
 * <p>The file ({@code jsb_chorales.json}) maps each split name to a list of chorales, each a list of steps, each
 * the list of MIDI numbers sounding (21 to 108, possibly none). Pyro's {@code polyphonic_data_loader} turns a
 * chorale into a 0/1 matrix {@code [length][88]} with note index {@code midi - 21}; {@code hmm.py} then keeps only
 * the notes that sound at least once in the <em>train</em> split, in increasing order (51 of the 88), and applies
 * that same selection to every split. A note that sounds only outside train (index 24 in the test split) is
 * therefore dropped, not kept as an extra tone: every split has the same tones, so parameters learned on train
 * apply to the others.
 */
public final class JsbChorales {
    /** The MIDI number of the lowest piano key, note index 0. */
    public static final int LOWEST_MIDI = 21;
    /** The number of piano keys, note indices 0 to 87. */
    public static final int PIANO_KEYS = 88;

    private final int[] presentNotes;
    private final Map<String, JsbSplit> splits;

    private JsbChorales(int[] presentNotes, Map<String, JsbSplit> splits) {
        this.presentNotes = presentNotes;
        this.splits = splits;
    }

    /**
     * Reads and preprocesses the data file.
     *
     * @param file the JSON file with the splits {@code train}, {@code valid} and {@code test}
     * @return the preprocessed data set
     * @throws IllegalArgumentException naming the file if it cannot be read or is not JSON, and the split, sequence,
     *     step and value if it is malformed (a missing train split, an empty sequence, a note outside 21..108)
     */
    public static JsbChorales load(Path file) {
        JsonNode root = InputFiles.readJson(file);
        if (!root.isObject() || !root.has("train")) {
            throw new IllegalArgumentException(file + ": expected an object with a 'train' split");
        }
        Map<String, List<boolean[][]>> pianoRolls = new LinkedHashMap<>();
        root.fields().forEachRemaining(split -> pianoRolls.put(split.getKey(),
                pianoRolls(file, split.getKey(), split.getValue())));
        int[] presentNotes = presentNotes(pianoRolls.get("train"));
        Map<String, JsbSplit> splits = new LinkedHashMap<>();
        pianoRolls.forEach((name, rolls) -> splits.put(name, select(name, rolls, presentNotes)));
        return new JsbChorales(presentNotes, splits);
    }

    /** {@return the kept note indices (0..87, MIDI minus 21) in increasing order; tone d is note {@code presentNotes()[d]}} */
    public int[] presentNotes() {
        return presentNotes.clone();
    }

    /** {@return the number of tones every split keeps} */
    public int numTones() {
        return presentNotes.length;
    }

    /** {@return the train split} */
    public JsbSplit train() {
        return split("train");
    }

    /** {@return the test split} */
    public JsbSplit test() {
        return split("test");
    }

    /**
     * Returns a split by its name in the file.
     *
     * @param name train, valid or test
     * @return the split
     * @throws IllegalArgumentException naming the splits the file has if there is no such split
     */
    public JsbSplit split(String name) {
        JsbSplit split = splits.get(name);
        if (split == null) {
            throw new IllegalArgumentException("no split '" + name + "' in the JSB chorales; the file has " + splits.keySet());
        }
        return split;
    }

    /**
     * Each chorale as a piano roll {@code [length][88]}: true where the note sounds. A chorale without steps is an
     * error (hmm.py's data have none, and a sequence of length 0 would only be noise in the per-observation losses).
     */
    private static List<boolean[][]> pianoRolls(Path file, String split, JsonNode chorales) {
        if (!chorales.isArray()) {
            throw new IllegalArgumentException(file + ": split '" + split + "' must be an array of chorales, got "
                    + abbreviated(chorales));
        }
        List<boolean[][]> rolls = new ArrayList<>();
        for (int i = 0; i < chorales.size(); i++) {
            JsonNode steps = chorales.get(i);
            if (!steps.isArray() || steps.isEmpty()) {
                throw new IllegalArgumentException(file + ": split '" + split + "', sequence " + i + " is "
                        + (steps.isArray() ? "empty; every sequence needs at least one step"
                        : abbreviated(steps) + ", not an array of steps"));
            }
            boolean[][] roll = new boolean[steps.size()][PIANO_KEYS];
            for (int t = 0; t < steps.size(); t++) {
                if (!steps.get(t).isArray()) {
                    throw new IllegalArgumentException(file + ": split '" + split + "', sequence " + i + ", step " + t
                            + " is " + abbreviated(steps.get(t)) + ", not an array of MIDI numbers");
                }
                for (JsonNode midi : steps.get(t)) {
                    int note = midi.intValue() - LOWEST_MIDI;
                    if (!midi.isInt() || note < 0 || note >= PIANO_KEYS) {
                        throw new IllegalArgumentException(file + ": split '" + split + "', sequence " + i
                                + ", step " + t + ": MIDI number " + midi + " is not a piano key (21..108)");
                    }
                    roll[t][note] = true;
                }
            }
            rolls.add(roll);
        }
        return rolls;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** hmm.py's {@code (sequences == 1).sum(0).sum(0) > 0} on the train split. */
    private static int[] presentNotes(List<boolean[][]> train) {
        boolean[] sounds = new boolean[PIANO_KEYS];
        for (boolean[][] roll : train) {
            for (boolean[] step : roll) {
                for (int note = 0; note < PIANO_KEYS; note++) {
                    sounds[note] |= step[note];
                }
            }
        }
        int[] present = new int[PIANO_KEYS];
        int count = 0;
        for (int note = 0; note < PIANO_KEYS; note++) {
            if (sounds[note]) {
                present[count++] = note;
            }
        }
        return Arrays.copyOf(present, count);
    }

    /** hmm.py's {@code sequences[..., present_notes]}: the kept columns, as 0/1 doubles. */
    private static JsbSplit select(String name, List<boolean[][]> rolls, int[] presentNotes) {
        List<double[][]> sequences = new ArrayList<>();
        for (boolean[][] roll : rolls) {
            double[][] sequence = new double[roll.length][presentNotes.length];
            for (int t = 0; t < roll.length; t++) {
                for (int d = 0; d < presentNotes.length; d++) {
                    sequence[t][d] = roll[t][presentNotes[d]] ? 1 : 0;
                }
            }
            sequences.add(sequence);
        }
        return new JsbSplit(name, presentNotes.length, sequences);
    }
}
