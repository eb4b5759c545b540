package dev.trellis.runtime.elimination.tables;

import org.jspecify.annotations.Nullable;

/**
 * Accumulates the adjoints of the Bernoulli emission tables from the adjoints of the per-step evidence (for a
 * chain: the weighted posterior marginals), the backward pass of {@link BernoulliEmissionTables}.
 *
 * <p>The evidence is linear in the tables, so {@code dLogP1[k][d] = sum_t g[t][k] y[t][d]} and {@code dLogP0[k][d]
 * = sum_t g[t][k] (1 - y[t][d])}. For 0/1 data the first sums g over the steps where tone d is on (O(nnz K) work)
 * and the second is {@code G[k] - dLogP1[k][d]} with {@code G[k] = sum_t g[t][k]} (O(T K)). That subtraction
 * rounds to about {@code u G[k]}, an absolute error on the scale of the state's total posterior mass, where the
 * dense sum of the off-steps would round relative to its own (possibly much smaller) value; the gradient that
 * training uses, {@code (1 - p) dLogP1 - p dLogP0} per unconstrained logit, is itself of the scale of G, so this
 * costs nothing there (checked against the dense adjoint in {@code BernoulliEmissionTablesTest}). Summing over the
 * off-steps instead would bring back the dense cost. Fractional data accumulate both sums densely. Not
 * thread-safe; one per evaluation.
 */
public final class BernoulliEmissionAdjoints {

    private final int numStates;
    private final int numTones;
    /** D x K, tone-major: sum of g over the steps of 0/1 data where the tone is on. */
    private final double[] onSums;
    /** K: sum of g over every step of 0/1 data. */
    private final double[] stateTotals;
    /** D x K, tone-major: the two sums over the steps of fractional data. */
    private final double[] denseOn;
    private final double[] denseOff;
    /** The factor of every adjoint added ({@link #scaleBy}) and the current row's scaled adjoints. */
    private double scale = 1.0;
    private final double[] scaled;

    /**
     * Starts with every adjoint 0.
     *
     * @param numStates K
     * @param numTones D
     */
    public BernoulliEmissionAdjoints(int numStates, int numTones) {
        this.numStates = numStates;
        this.numTones = numTones;
        this.onSums = new double[numTones * numStates];
        this.stateTotals = new double[numStates];
        this.denseOn = new double[numTones * numStates];
        this.denseOff = new double[numTones * numStates];
        this.scaled = new double[numStates];
    }

    /**
     * Multiplies every evidence adjoint added from now on by {@code factor}, as it is read: the same sums as adding
     * the products {@code factor * dEvidence}, without a scaled copy of the caller's rows.
     */
    public void scaleBy(double factor) {
        this.scale = factor;
    }

    /** {@return the K adjoints at {@code at}, times the scale} */
    private double[] scaled(double[] dEvidence, int at) {
        for (int j = 0; j < numStates; j++) {
            scaled[j] = scale * dEvidence[at + j];
        }
        return scaled;
    }

    /**
     * Adds step {@code step}'s contribution.
     *
     * @param y the observations; not modified
     * @param step t
     * @param dEvidence the K adjoints of that step's evidence; not modified
     */
    public void add(BernoulliObservations y, int step, double[] dEvidence) {
        add(y, step, dEvidence, 0);
    }

    /**
     * Adds step {@code step}'s contribution, its K adjoints read from {@code dEvidence[at .. at+K-1]}.
     *
     * @param y the observations; not modified
     * @param step t
     * @param dEvidence holds the adjoints of that step's evidence; not modified
     * @param at where they start
     */
    public void add(BernoulliObservations y, int step, double[] dEvidence, int at) {
        int k = numStates;
        double[] g = scaled(dEvidence, at);
        if (y.dense != null) {
            addDense(y.dense, step, g);
            return;
        }
        int[] start = y.stepStart;
        int[] tones = y.onTones;
        assert start != null && tones != null;
        for (int j = 0; j < k; j++) {
            stateTotals[j] += g[j];
        }
        for (int i = start[step]; i < start[step + 1]; i++) {
            int offset = tones[i] * k;
            for (int j = 0; j < k; j++) {
                onSums[offset + j] += g[j];
            }
        }
    }

    /**
     * Adds the contribution of a row of 0/1 data holding {@code replicas} copies of the tones, given its on-members'
     * tones (repeats allowed): the row form of {@link BernoulliEmissionTables}'s ragged rows.
     */
    void add(int[] tones, int from, int to, int replicas, double[] dEvidence, int at) {
        int k = numStates;
        double[] g = scaled(dEvidence, at);
        for (int j = 0; j < k; j++) {
            stateTotals[j] += replicas * g[j];
        }
        for (int i = from; i < to; i++) {
            int offset = tones[i] * k;
            for (int j = 0; j < k; j++) {
                onSums[offset + j] += g[j];
            }
        }
    }

    /** Adds the contribution of a row of weighted members: value {@code y[e]} on tone {@code tones[e]}. */
    void addWeighted(double[] y, int[] tones, int from, int to, double[] dEvidence, int at) {
        int k = numStates;
        double[] g = scaled(dEvidence, at);
        for (int e = from; e < to; e++) {
            double on = y[e];
            double off = 1.0 - on;
            int offset = tones[e] * k;
            for (int j = 0; j < k; j++) {
                denseOn[offset + j] += on * g[j];
                denseOff[offset + j] += off * g[j];
            }
        }
    }

    private void addDense(double[] y, int step, double[] g) {
        int k = numStates;
        int rowOffset = step * numTones;
        for (int d = 0; d < numTones; d++) {
            double on = y[rowOffset + d];
            double off = 1.0 - on;
            int offset = d * k;
            for (int j = 0; j < k; j++) {
                denseOn[offset + j] += on * g[j];
                denseOff[offset + j] += off * g[j];
            }
        }
    }

    /**
     * Writes the accumulated adjoints.
     *
     * @param dLogP1 modified: K x D row-major, overwritten with the adjoint of {@code logP1}
     * @param dLogP0 modified: K x D row-major, overwritten with the adjoint of {@code logP0}
     */
    public void writeTo(double[] dLogP1, double[] dLogP0) {
        for (int k = 0; k < numStates; k++) {
            for (int d = 0; d < numTones; d++) {
                int index = d * numStates + k;
                dLogP1[k * numTones + d] = onSums[index] + denseOn[index];
                dLogP0[k * numTones + d] = (stateTotals[k] - onSums[index]) + denseOff[index];
            }
        }
    }

    /**
     * Adds the accumulated adjoints into arrays that hold other values too (a block's vector of several inputs'
     * adjoints): the same sums as {@link #writeTo} into fresh arrays and adding those, without them.
     *
     * @param dLogP1 modified: K x D row-major from {@code at1}, the adjoint of {@code logP1} added; null when that
     *     input needs no gradient
     * @param at1 where that adjoint starts
     * @param dLogP0 modified: K x D row-major from {@code at0}, the adjoint of {@code logP0} added; null when that
     *     input needs no gradient
     * @param at0 where that adjoint starts
     */
    public void addTo(double @Nullable [] dLogP1, int at1, double @Nullable [] dLogP0, int at0) {
        for (int k = 0; k < numStates; k++) {
            for (int d = 0; d < numTones; d++) {
                int index = d * numStates + k;
                if (dLogP1 != null) {
                    dLogP1[at1 + k * numTones + d] += onSums[index] + denseOn[index];
                }
                if (dLogP0 != null) {
                    dLogP0[at0 + k * numTones + d] += (stateTotals[k] - onSums[index]) + denseOff[index];
                }
            }
        }
    }
}
