package dev.trellis.runtime.inference;

import java.util.Objects;

/**
 * Checks the log-space tables handed to the chain kernels, with messages that name the array and the index.
 *
 * <p>The kernels check everything up front, before any work, so a bad table fails the same way whether or not
 * an earlier step already ruled the evidence out. NaN and {@code +Infinity} are rejected because no
 * log-probability or log-likelihood can take those values, and letting them through would produce NaN results
 * far from the cause; {@code -Infinity} (probability zero) is allowed everywhere.
 */
final class ChainInputValidator {

    private ChainInputValidator() {
    }

    /**
     * Checks the initial log-probabilities and returns the number of states K.
     *
     * @throws IllegalArgumentException if empty or if an entry is NaN or +Infinity
     */
    static int checkInit(double[] logInit) {
        Objects.requireNonNull(logInit, "logInit");
        if (logInit.length == 0) {
            throw new IllegalArgumentException("logInit is empty; a chain needs at least one state");
        }
        checkEntries("logInit", logInit);
        return logInit.length;
    }

    /**
     * Checks that the transition table is K x K with usable entries.
     *
     * @throws IllegalArgumentException naming the row (and column) at fault
     */
    static void checkTrans(double[][] logTrans, int numStates) {
        Objects.requireNonNull(logTrans, "logTrans");
        if (logTrans.length != numStates) {
            throw new IllegalArgumentException("logTrans has " + logTrans.length + " rows but logInit has "
                    + numStates + " states; logTrans must be " + numStates + " x " + numStates);
        }
        for (int i = 0; i < numStates; i++) {
            checkRow("logTrans", logTrans[i], i, numStates);
        }
    }

    /**
     * Checks that the evidence table is T x K with T at least 1 and returns T.
     *
     * @throws IllegalArgumentException naming the step (and state) at fault
     */
    static int checkEvidence(double[][] logEvidence, int numStates) {
        Objects.requireNonNull(logEvidence, "logEvidence");
        if (logEvidence.length == 0) {
            throw new IllegalArgumentException("logEvidence is empty; a chain needs at least one step");
        }
        for (int t = 0; t < logEvidence.length; t++) {
            checkRow("logEvidence", logEvidence[t], t, numStates);
        }
        return logEvidence.length;
    }

    /**
     * Checks T rows of K kept in one flat array from {@code from}.
     *
     * @throws IllegalArgumentException if T is below 1, the rows do not fit, or naming the step and state of a NaN or
     *     {@code +Infinity}
     */
    static void checkFlatEvidence(double[] logEvidence, int from, int numSteps, int numStates) {
        Objects.requireNonNull(logEvidence, "logEvidence");
        if (numSteps < 1) {
            throw new IllegalArgumentException("logEvidence has " + numSteps + " steps; a chain needs at least one");
        }
        if (from < 0 || (long) from + (long) numSteps * numStates > logEvidence.length) {
            throw new IllegalArgumentException("logEvidence: " + numSteps + " rows of " + numStates + " from " + from
                    + " do not fit in " + logEvidence.length + " entries");
        }
        for (int t = 0; t < numSteps; t++) {
            int at = from + t * numStates;
            for (int k = 0; k < numStates; k++) {
                double value = logEvidence[at + k];
                if (Double.isNaN(value)) {
                    throw new IllegalArgumentException("logEvidence[" + t + "][" + k + "] is NaN");
                }
                if (value == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("logEvidence[" + t + "][" + k + "] = Infinity; a "
                            + "log-probability must be finite or -Infinity");
                }
            }
        }
    }

    /**
     * Checks one row of evidence (or of the transition table) named {@code name[index]}.
     *
     * @throws IllegalArgumentException if the row is null, has the wrong length or holds NaN or +Infinity
     */
    static void checkRow(String name, double[] row, int index, int numStates) {
        if (row == null) {
            throw new IllegalArgumentException(name + "[" + index + "] is null");
        }
        if (row.length != numStates) {
            throw new IllegalArgumentException(name + "[" + index + "] has length " + row.length + " but the chain has "
                    + numStates + " states");
        }
        // The row's name is built only for a message: this runs once per step of every sequence.
        int bad = firstBadEntry(row);
        if (bad >= 0) {
            checkEntries(name + "[" + index + "]", row);
        }
    }

    /**
     * Checks a requested path length.
     *
     * @throws IllegalArgumentException if {@code length < 1}
     */
    static void checkLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length = " + length + "; a chain needs at least one step");
        }
    }

    /** Returns the index of the first NaN or {@code +Infinity}, or -1. */
    private static int firstBadEntry(double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!(values[k] < Double.POSITIVE_INFINITY)) {
                return k;
            }
        }
        return -1;
    }

    private static void checkEntries(String name, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (Double.isNaN(values[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] is NaN");
            }
            if (values[k] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(name + "[" + k + "] = Infinity; a log-probability must be finite"
                        + " or -Infinity");
            }
        }
    }
}
