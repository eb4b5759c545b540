package dev.trellis.benchmarks;

import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The JSB chorales training split as Bernoulli data for the benchmarks: one T_s x D 0/1 matrix per chorale,
 * over the D notes that occur at least once in the split (as in Pyro's examples/hmm.py: 229 sequences, 13,807
 * steps, longest 129, D = 51).
 *
 * <p>Read from {@code ../shared/data/jsb_chorales.json} relative to the working directory, or from the path in
 * the system property {@code trellis.jsb}. When the file is absent the benchmark still runs, on synthetic data
 * of the same shape (229 lengths summing to 13,807 with maximum 129, four notes on per step), and says so.
 */
final class JsbTrainingData {

    /** Per sequence, T_s x D. */
    final double[][][] notes;
    final int numTones;
    final String source;

    private JsbTrainingData(double[][][] notes, int numTones, String source) {
        this.notes = notes;
        this.numTones = numTones;
        this.source = source;
    }

    static JsbTrainingData load() throws IOException {
        Path path = Path.of(System.getProperty("trellis.jsb", "../shared/data/jsb_chorales.json"));
        return Files.isReadable(path) ? read(path) : synthetic();
    }

    /** hmm.py's preprocessing, as the samples load it: the notes that sound in the train split, in increasing order. */
    private static JsbTrainingData read(Path path) {
        JsbSplit train = JsbChorales.load(path).train();
        double[][][] notes = new double[train.numSequences()][][];
        for (int s = 0; s < notes.length; s++) {
            notes[s] = train.sequence(s);
        }
        return new JsbTrainingData(notes, train.numTones(), path.toString());
    }

    private static JsbTrainingData synthetic() {
        SplittableRandom random = new SplittableRandom(229);
        int numSequences = 229;
        int numTones = 51;
        // One chorale of the maximal length 129, the other 228 sharing the remaining 13,678 steps (60 or 59 each).
        List<Integer> lengths = new ArrayList<>();
        lengths.add(129);
        int rest = 13_807 - 129;
        for (int s = 1; s < numSequences; s++) {
            lengths.add(rest / (numSequences - 1) + (s <= rest % (numSequences - 1) ? 1 : 0));
        }
        double[][][] notes = new double[numSequences][][];
        for (int s = 0; s < numSequences; s++) {
            notes[s] = new double[lengths.get(s)][numTones];
            for (double[] step : notes[s]) {
                for (int n = 0; n < 4; n++) {
                    step[random.nextInt(numTones)] = 1.0;
                }
            }
        }
        return new JsbTrainingData(notes, numTones, "synthetic (no jsb_chorales.json found)");
    }

    /** {@return where the data came from and its size, for the benchmark's log} */
    String summary() {
        return "data: " + source + ", " + notes.length + " sequences, " + numSteps() + " steps, " + numTones + " tones";
    }

    int numSteps() {
        int total = 0;
        for (double[][] sequence : notes) {
            total += sequence.length;
        }
        return total;
    }
}
