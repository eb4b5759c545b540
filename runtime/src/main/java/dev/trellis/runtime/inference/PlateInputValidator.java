package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Checks the inputs and output buffers of {@link ChainSumProduct}, with messages that name the array and the
 * index (for evidence: the sequence, the step and the state, as in {@code logEvidence[3][17][2] is NaN}).
 *
 * <p>Everything is checked before any sequence is computed, so a bad entry in the last sequence fails the call
 * the same way whether or not some earlier sequence was already impossible, and a worker thread never meets
 * malformed input.
 */
final class PlateInputValidator {

    private PlateInputValidator() {
    }

    /**
     * Checks the tables and weights of a plate of sequences over {@code numStates} states.
     *
     * @throws IllegalArgumentException naming the array and index at fault
     */
    static void checkInputs(int numStates, double[] logInit, double[][] logTrans, double[][][] logEvidence,
                            double @Nullable [] weights) {
        int k = ChainInputValidator.checkInit(logInit);
        if (k != numStates) {
            throw new IllegalArgumentException("logInit has " + k + " states but this kernel was made for "
                    + numStates);
        }
        ChainInputValidator.checkTrans(logTrans, numStates);
        Objects.requireNonNull(logEvidence, "logEvidence");
        for (int s = 0; s < logEvidence.length; s++) {
            double[][] sequence = logEvidence[s];
            if (sequence == null) {
                throw new IllegalArgumentException("logEvidence[" + s + "] is null; pass an empty array for a"
                        + " sequence of length 0");
            }
            for (int t = 0; t < sequence.length; t++) {
                if (sequence[t] == null || sequence[t].length != numStates || hasNaNOrPlusInfinity(sequence[t])) {
                    ChainInputValidator.checkRow("logEvidence[" + s + "]", sequence[t], t, numStates);
                }
            }
        }
        if (weights != null) {
            if (weights.length != logEvidence.length) {
                throw new IllegalArgumentException("weights has length " + weights.length + " but there are "
                        + logEvidence.length + " sequences");
            }
            for (int s = 0; s < weights.length; s++) {
                if (!(weights[s] >= 0.0 && weights[s] < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("weights[" + s + "] = " + weights[s]
                            + "; a sequence weight must be finite and >= 0");
                }
            }
        }
    }

    /**
     * Checks that the adjoint buffers have the shapes of the tables they belong to.
     *
     * @throws IllegalArgumentException naming the buffer and index whose shape is wrong
     */
    static void checkOutputs(int numStates, double[][][] logEvidence, double[] dLogInit, double[][] dLogTrans,
                             double[][][] dLogEvidence) {
        Objects.requireNonNull(dLogInit, "dLogInit");
        Objects.requireNonNull(dLogTrans, "dLogTrans");
        Objects.requireNonNull(dLogEvidence, "dLogEvidence");
        checkLength("dLogInit", dLogInit, numStates);
        checkRows("dLogTrans", dLogTrans, numStates, numStates);
        if (dLogEvidence.length != logEvidence.length) {
            throw new IllegalArgumentException("dLogEvidence has " + dLogEvidence.length + " sequences but"
                    + " logEvidence has " + logEvidence.length);
        }
        for (int s = 0; s < logEvidence.length; s++) {
            double[][] rows = dLogEvidence[s];
            boolean fits = rows != null && rows.length == logEvidence[s].length;
            for (int t = 0; fits && t < rows.length; t++) {
                fits = rows[t] != null && rows[t].length == numStates;
            }
            if (!fits) {
                checkRows("dLogEvidence[" + s + "]", rows, logEvidence[s].length, numStates);
            }
        }
    }

    /** The fast test of a row; messages (and their strings) are made only when it fails. */
    private static boolean hasNaNOrPlusInfinity(double[] row) {
        for (double value : row) {
            if (!(value < Double.POSITIVE_INFINITY)) {
                return true;
            }
        }
        return false;
    }

    private static void checkRows(String name, double @Nullable [][] rows, int numRows, int numColumns) {
        if (rows == null || rows.length != numRows) {
            throw new IllegalArgumentException(name + " has " + (rows == null ? "no" : rows.length) + " rows but"
                    + " needs " + numRows);
        }
        for (int r = 0; r < numRows; r++) {
            checkLength(name + "[" + r + "]", rows[r], numColumns);
        }
    }

    private static void checkLength(String name, double @Nullable [] row, int length) {
        if (row == null || row.length != length) {
            throw new IllegalArgumentException(name + " has length " + (row == null ? "null" : row.length)
                    + " but needs " + length);
        }
    }
}
