package dev.trellis.runtime.elimination;

/**
 * Where one run of a {@link PairwiseProgram} finds and puts its numbers: per slot, the array and offset of its
 * values and of its backward quantities, plus where the log-normaliser of every pair step goes. Runners point the
 * slots at table rows, stored results or scratch before each run; nothing is allocated per run.
 */
final class Frame {

    final double[][] values;
    final int[] valueOffsets;
    /** The backward quantity of each slot (its adjoint divided by its value; a log of that in log space). */
    final double[][] back;
    final int[] backOffsets;
    /** The log-normaliser of every pair step, written by the forward pass and read by the backward pass. */
    double[] norms;
    int normOffset;

    Frame(int slots) {
        this.values = new double[slots][];
        this.valueOffsets = new int[slots];
        this.back = new double[slots][];
        this.backOffsets = new int[slots];
        this.norms = new double[0];
    }

    void value(int slot, double[] array, int offset) {
        values[slot] = array;
        valueOffsets[slot] = offset;
    }

    void back(int slot, double[] array, int offset) {
        back[slot] = array;
        backOffsets[slot] = offset;
    }

    void norms(double[] array, int offset) {
        norms = array;
        normOffset = offset;
    }
}
