package dev.trellis.runtime.inference;

import org.ejml.data.DMatrixRMaj;

/**
 * Observed Bernoulli data over a plate of D tones for T steps, prepared once for {@link BernoulliEmissions}.
 *
 * <p>Training evaluates the emissions of the same data at every step, so everything that depends on the data
 * alone is done here, once: the entries are checked, {@code Y} and {@code 1 - Y} are stored as EJML matrices
 * (keeping {@code 1 - Y} rather than forming {@code sum_d logP0 - Y logP0} later avoids cancellation in the
 * adjoint of {@code logP0}), and for each tone it is recorded whether any step has {@code y > 0} or {@code y < 1},
 * which is all the {@code 0 * log 0} handling needs to know. Immutable.
 */
public final class BernoulliObservations {

    final DMatrixRMaj ones;
    final DMatrixRMaj zeros;
    /** Per tone: some step has {@code y > 0}, so a zero probability of 1 rules states out. */
    final boolean[] anyPositive;
    /** Per tone: some step has {@code y < 1}, so a zero probability of 0 rules states out. */
    final boolean[] anyBelowOne;

    private BernoulliObservations(DMatrixRMaj ones, DMatrixRMaj zeros, boolean[] anyPositive, boolean[] anyBelowOne) {
        this.ones = ones;
        this.zeros = zeros;
        this.anyPositive = anyPositive;
        this.anyBelowOne = anyBelowOne;
    }

    /**
     * Prepares T x D observations; the array is copied.
     *
     * @param y {@code y[t][d]} in [0, 1]: 0/1 data, or a fractional value read as a soft count (the log-density
     *     {@code y log p + (1 - y) log(1 - p)}, as torch's {@code Bernoulli.log_prob} computes it)
     * @param numTones D, the length of every row (also for T = 0)
     * @return the prepared observations
     * @throws IllegalArgumentException naming the step and tone of a row of the wrong length or an entry outside
     *     [0, 1] or NaN
     */
    public static BernoulliObservations of(double[][] y, int numTones) {
        int numSteps = y.length;
        DMatrixRMaj ones = new DMatrixRMaj(numSteps, numTones);
        DMatrixRMaj zeros = new DMatrixRMaj(numSteps, numTones);
        boolean[] anyPositive = new boolean[numTones];
        boolean[] anyBelowOne = new boolean[numTones];
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
                ones.unsafe_set(t, d, value);
                zeros.unsafe_set(t, d, 1.0 - value);
                anyPositive[d] |= value > 0.0;
                anyBelowOne[d] |= value < 1.0;
            }
        }
        return new BernoulliObservations(ones, zeros, anyPositive, anyBelowOne);
    }

    /** {@return T, the number of steps} */
    public int numSteps() {
        return ones.numRows;
    }

    /** {@return D, the number of tones} */
    public int numTones() {
        return ones.numCols;
    }

    /** {@return {@code y[t][d]}} */
    public double get(int step, int tone) {
        return ones.get(step, tone);
    }
}
