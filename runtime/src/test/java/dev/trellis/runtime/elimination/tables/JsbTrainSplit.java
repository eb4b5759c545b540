package dev.trellis.runtime.elimination.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSB chorales training split as Bernoulli data over its 51 present notes (Pyro's hmm.py convention, as in
 * {@code shared/golden/jsb_hmm.json}), and the emission probabilities {@code probs_y} at which that golden file
 * evaluates model_1: real data and realistic parameters for the emission kernels' accuracy checks. Read from the
 * shared folder the build passes as {@code trellis.shared.dir}; a missing file fails the test.
 */
final class JsbTrainSplit {

    /** Per chorale, per step, the tones on (indices into the present notes). */
    final List<int[][]> onTones;
    final int numTones;
    /** [16][51] from the golden file. */
    final double[][] probsY;

    private JsbTrainSplit(List<int[][]> onTones, int numTones, double[][] probsY) {
        this.onTones = onTones;
        this.numTones = numTones;
        this.probsY = probsY;
    }

    static JsbTrainSplit load() {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode golden = read(mapper, shared().resolve("golden").resolve("jsb_hmm.json"));
        int[] toneOfNote = new int[88];
        java.util.Arrays.fill(toneOfNote, -1);
        JsonNode present = golden.get("present_notes");
        for (int d = 0; d < present.size(); d++) {
            toneOfNote[present.get(d).intValue()] = d;
        }
        List<int[][]> sequences = new ArrayList<>();
        for (JsonNode chorale : read(mapper, shared().resolve("data").resolve("jsb_chorales.json")).get("train")) {
            int[][] steps = new int[chorale.size()][];
            for (int t = 0; t < steps.length; t++) {
                JsonNode notes = chorale.get(t);
                steps[t] = new int[notes.size()];
                for (int i = 0; i < notes.size(); i++) {
                    // hmm.py's note index is midi - 21; every train note is present by construction.
                    steps[t][i] = toneOfNote[notes.get(i).intValue() - 21];
                }
            }
            sequences.add(steps);
        }
        JsonNode probs = golden.get("models").get("hmm").get("params").get("probs_y");
        double[][] probsY = new double[probs.size()][present.size()];
        for (int k = 0; k < probsY.length; k++) {
            for (int d = 0; d < present.size(); d++) {
                probsY[k][d] = probs.get(k).get(d).doubleValue();
            }
        }
        return new JsbTrainSplit(sequences, present.size(), probsY);
    }

    /** The sequences as prepared (sparse) observations. */
    List<BernoulliObservations> observations() {
        return onTones.stream().map(steps -> BernoulliObservations.ofOnTones(steps, numTones)).toList();
    }

    private static Path shared() {
        String shared = System.getProperty("trellis.shared.dir");
        return Path.of(shared != null ? shared : "../../shared");
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file.toAbsolutePath() + "; set -Dtrellis.shared.dir");
        }
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
