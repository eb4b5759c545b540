package dev.trellis.runtime.elimination.tables;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.jspecify.annotations.Nullable;

/**
 * Observed Bernoulli data over a plate of D tones for T steps, prepared once for the emission kernels.
 *
 * <p>Training evaluates the emissions of the same data at every step, so everything that depends on the data alone
 * is done here, once: the entries are checked and stored in the form the kernels read. 0/1 data, the common case
 * (a chorale has about 4 of 51 tones on per step), are kept sparse as the list of tones that are on at each step
 * (compressed rows: O(T + nnz) memory), which {@link BernoulliEmissionTables} turns into O(nnz K) work per pass.
 * Data with some fractional entry (a soft count) are kept dense, row-major, and go through the dense row kernel.
 * Immutable.
 *
 * <p>Immutable once prepared, so thread-safe.
 */
public final class BernoulliObservations {

    private final int numSteps;
    private final int numTones;
    /** Binary data: the on-tones of step t are {@code onTones[stepStart[t] .. stepStart[t+1])}, ascending. */
    final int @Nullable [] stepStart;
    final int @Nullable [] onTones;
    /** Fractional data: {@code y[t][d]} at {@code t * D + d}; null for binary data. */
    final double @Nullable [] dense;

    private BernoulliObservations(int numSteps, int numTones, int @Nullable [] stepStart, int @Nullable [] onTones,
                                  double @Nullable [] dense) {
        this.numSteps = numSteps;
        this.numTones = numTones;
        this.stepStart = stepStart;
        this.onTones = onTones;
        this.dense = dense;
    }

    /**
     * Prepares T x D observations; the array is not kept.
     *
     * @param y {@code y[t][d]} in [0, 1]: 0/1 data, or a fractional value read as a soft count (the log-density
     *     {@code y log p + (1 - y) log(1 - p)}, as torch's {@code Bernoulli.log_prob} computes it)
     * @param numTones D, the length of every row (also for T = 0)
     * @return the prepared observations, sparse when every entry is 0 or 1
     * @throws IllegalArgumentException naming the step and tone of a row of the wrong length or an entry outside
     *     [0, 1] or NaN
     */
    public static BernoulliObservations of(double[][] y, int numTones) {
        int numSteps = y.length;
        double[] flat = new double[numSteps * numTones];
        for (int t = 0; t < numSteps; t++) {
            if (y[t] == null || y[t].length != numTones) {
                throw new IllegalArgumentException("y[" + t + "] has length " + (y[t] == null ? "null" : y[t].length)
                        + " but there are " + numTones + " tones");
            }
            for (int d = 0; d < numTones; d++) {
                double value = y[t][d];
                if (!(value >= 0.0 && value <= 1.0)) {
                    throw new IllegalArgumentException("y[" + t + "][" + d + "] = " + value
                            + "; a Bernoulli observation must lie in [0, 1]");
                }
            }
            System.arraycopy(y[t], 0, flat, t * numTones, numTones);
        }
        return ofChecked(flat, numSteps, numTones);
    }

    /**
     * Prepares T x D observations from a row-major array whose entries the caller has checked to lie in [0, 1];
     * the array is not kept.
     */
    static BernoulliObservations ofChecked(double[] flat, int numSteps, int numTones) {
        boolean binary = true;
        int numOn = 0;
        int size = numSteps * numTones;
        for (int i = 0; i < size; i++) {
            binary &= flat[i] == 0.0 || flat[i] == 1.0;
            numOn += flat[i] == 1.0 ? 1 : 0;
        }
        if (!binary) {
            return new BernoulliObservations(numSteps, numTones, null, null, Arrays.copyOf(flat, size));
        }
        int[] stepStart = new int[numSteps + 1];
        int[] onTones = new int[numOn];
        int next = 0;
        for (int t = 0; t < numSteps; t++) {
            for (int d = 0; d < numTones; d++) {
                if (flat[t * numTones + d] == 1.0) {
                    onTones[next++] = d;
                }
            }
            stepStart[t + 1] = next;
        }
        return new BernoulliObservations(numSteps, numTones, stepStart, onTones, null);
    }

    /**
     * Prepares 0/1 observations given as the tones that are on at each step (every other tone is off), the natural
     * form of note data; the arrays are not kept.
     *
     * @param onTones per step, the tones that are on, in any order
     * @param numTones D
     * @return the prepared (sparse) observations
     * @throws IllegalArgumentException naming the step of a tone outside [0, D) or listed twice
     */
    public static BernoulliObservations ofOnTones(int[][] onTones, int numTones) {
        int numSteps = onTones.length;
        int[] stepStart = new int[numSteps + 1];
        for (int t = 0; t < numSteps; t++) {
            stepStart[t + 1] = stepStart[t] + onTones[t].length;
        }
        int[] flat = new int[stepStart[numSteps]];
        for (int t = 0; t < numSteps; t++) {
            int[] sorted = onTones[t].clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] < 0 || sorted[i] >= numTones || (i > 0 && sorted[i] == sorted[i - 1])) {
                    throw new IllegalArgumentException("onTones[" + t + "] = " + Arrays.toString(onTones[t])
                            + "; tones must be distinct and in [0, " + numTones + ")");
                }
            }
            System.arraycopy(sorted, 0, flat, stepStart[t], sorted.length);
        }
        return new BernoulliObservations(numSteps, numTones, stepStart, flat, null);
    }

    /**
     * {@return the 0/1 observations of the given steps, in that order} The same arrays {@link #ofChecked} makes from
     * those steps' rows.
     *
     * @param steps indices of steps of these observations
     * @throws IllegalStateException if the observations are not {@linkplain #isBinary() binary}
     */
    BernoulliObservations select(int[] steps) {
        int[] start = stepStart;
        int[] tones = onTones;
        if (start == null || tones == null) {
            throw new IllegalStateException("only 0/1 observations are selected from; these have fractional entries");
        }
        int[] selectedStart = new int[steps.length + 1];
        for (int t = 0; t < steps.length; t++) {
            selectedStart[t + 1] = selectedStart[t] + start[steps[t] + 1] - start[steps[t]];
        }
        int[] selectedTones = new int[selectedStart[steps.length]];
        for (int t = 0; t < steps.length; t++) {
            System.arraycopy(tones, start[steps[t]], selectedTones, selectedStart[t],
                    start[steps[t] + 1] - start[steps[t]]);
        }
        return new BernoulliObservations(steps.length, numTones, selectedStart, selectedTones, null);
    }

    /** {@return T, the number of steps} */
    public int numSteps() {
        return numSteps;
    }

    /** {@return D, the number of tones} */
    public int numTones() {
        return numTones;
    }

    /** {@return whether every entry is 0 or 1, so that the data are stored and scored sparsely} */
    public boolean isBinary() {
        return dense == null;
    }

    /**
     * {@return {@code y[t][d]}}
     *
     * @param step t
     * @param tone d
     */
    public double get(int step, int tone) {
        if (step < 0 || step >= numSteps || tone < 0 || tone >= numTones) {
            throw new IndexOutOfBoundsException("y[" + step + "][" + tone + "] of a " + numSteps + " x " + numTones
                    + " observation");
        }
        if (dense != null) {
            return dense[step * numTones + tone];
        }
        int[] start = stepStart;
        int[] tones = onTones;
        assert start != null && tones != null;
        return Arrays.binarySearch(tones, start[step], start[step + 1], tone) >= 0 ? 1.0 : 0.0;
    }

    /** {@return a new T x D matrix of {@code y}, for the dense matrix-product kernel} */
    public DMatrixRMaj ones() {
        DMatrixRMaj matrix = new DMatrixRMaj(numSteps, numTones);
        fill(matrix, false);
        return matrix;
    }

    /** {@return a new T x D matrix of {@code 1 - y}, for the dense matrix-product kernel} */
    public DMatrixRMaj zeros() {
        DMatrixRMaj matrix = new DMatrixRMaj(numSteps, numTones);
        fill(matrix, true);
        return matrix;
    }

    private void fill(DMatrixRMaj matrix, boolean complement) {
        double[] data = matrix.data;
        if (dense != null) {
            for (int i = 0; i < data.length; i++) {
                data[i] = complement ? 1.0 - dense[i] : dense[i];
            }
            return;
        }
        int[] start = stepStart;
        int[] tones = onTones;
        assert start != null && tones != null;
        Arrays.fill(data, 0, numSteps * numTones, complement ? 1.0 : 0.0);
        for (int t = 0; t < numSteps; t++) {
            for (int i = start[t]; i < start[t + 1]; i++) {
                data[t * numTones + tones[i]] = complement ? 0.0 : 1.0;
            }
        }
    }
}
