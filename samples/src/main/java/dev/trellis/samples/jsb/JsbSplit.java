package dev.trellis.samples.jsb;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * One split (train, valid or test) of the JSB chorales after Pyro's preprocessing: each sequence a 0/1 matrix
 * {@code [length][tones]} whose column {@code d} says whether tone {@code d} of
 * {@link JsbChorales#presentNotes()} sounds at that step.
 *
 * <p>Immutable: the matrices are copied in and out.
 */
public final class JsbSplit {
    private final String name;
    private final int numTones;
    private final double[][][] sequences;

    JsbSplit(String name, int numTones, List<double[][]> sequences) {
        this.name = name;
        this.numTones = numTones;
        this.sequences = new double[sequences.size()][][];
        for (int i = 0; i < this.sequences.length; i++) {
            this.sequences[i] = copy(sequences.get(i));
        }
    }

    /** {@return the split's name in the data file: train, valid or test} */
    public String name() {
        return name;
    }

    /** {@return how many tones each step has (the train split's present notes, 51 for the chorales)} */
    public int numTones() {
        return numTones;
    }

    /** {@return how many sequences the split holds} */
    public int numSequences() {
        return sequences.length;
    }

    /** {@return the number of steps of sequence {@code i}} */
    public int length(int i) {
        return sequences[i].length;
    }

    /** {@return the number of steps of every sequence, in order} */
    public int[] lengths() {
        int[] lengths = new int[sequences.length];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences[i].length;
        }
        return lengths;
    }

    /** {@return the longest sequence's length} */
    public int maxLength() {
        int max = 0;
        for (double[][] sequence : sequences) {
            max = Math.max(max, sequence.length);
        }
        return max;
    }

    /** {@return the total number of steps, the sum of the lengths: hmm.py's {@code num_observations}} */
    public int numObservations() {
        int total = 0;
        for (double[][] sequence : sequences) {
            total += sequence.length;
        }
        return total;
    }

    /** {@return sequence {@code i} as a fresh 0/1 matrix {@code [length][numTones]}} */
    public double[][] sequence(int i) {
        return copy(sequences[i]);
    }

    /** {@return sequence {@code i} as a constant tensor {@code [length, numTones]}} */
    public Tensor sequenceTensor(int i) {
        return Tensor.matrix(sequences[i]);
    }

    /**
     * Returns every sequence in one zero-padded constant tensor {@code [numSequences, maxLength, numTones]}, as
     * Pyro's {@code polyphonic_data_loader} stores them: steps at or after a sequence's length are all zero.
     *
     * @return the padded tensor
     */
    public Tensor padded() {
        int maxLength = maxLength();
        double[] values = new double[sequences.length * maxLength * numTones];
        for (int i = 0; i < sequences.length; i++) {
            for (int t = 0; t < sequences[i].length; t++) {
                System.arraycopy(sequences[i][t], 0, values, (i * maxLength + t) * numTones, numTones);
            }
        }
        return Tensor.of(values, sequences.length, maxLength, numTones);
    }

    @Override
    public String toString() {
        return "JsbSplit[" + name + ": " + sequences.length + " sequences, " + numObservations() + " steps, "
                + numTones + " tones]";
    }

    private static double[][] copy(double[][] matrix) {
        double[][] copy = new double[matrix.length][];
        for (int t = 0; t < matrix.length; t++) {
            copy[t] = matrix[t].clone();
        }
        return copy;
    }
}
