package dev.trellis.runtime.inference;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The exact log marginal likelihood of an enumerated chain over a plate of ragged sequences whose Bernoulli
 * observations over a plate of members also read their own previous value, member by member (Pyro's hmm.py
 * {@code model_2}: {@code y_t[d] ~ Bernoulli(p[x_t, y_{t-1}[d], d])}), as one differentiable tensor whose backward pass
 * is the chain's posterior marginals.
 *
 * <p>The observation's tables have one row per state and previous value: {@code logP1[k][v][d] = log p(y_d = 1 |
 * state k, previous y_d = v)} and {@code logP0} likewise, for v in {0, 1}. A step's evidence for state k is
 * {@code sum_d y_td logP1[k][y_{t-1,d}][d] + (1 - y_td) logP0[k][y_{t-1,d}][d]}, with {@code 0 * log 0 = 0}. Data
 * must be 0/1 (the previous value selects a row).
 *
 * <p>Not thread-safe: it reuses one kernel. Use one per training loop.
 */
public final class AutoregressiveBernoulliFactor {

    private final List<double[][]> sequences;
    private final double initial;
    private final int numStates;
    private final int width;
    private final ChainSumProduct kernel;
    private final double[][][] evidence;
    /** Per sequence, the adjoints of its evidence rows; made on the first gradient that needs them, then reused. */
    private final double[][][] dEvidenceBySequence;

    /**
     * @param site the observed site, for messages
     * @param sequences one [T_s][D] matrix of 0/1 values per sequence; not copied, not modified
     * @param initial the value (0 or 1) every member has before the first step
     * @param numStates K
     * @throws SiteException naming the sequence, step and member of a value that is not 0 or 1, or a row of another
     *     length
     */
    public AutoregressiveBernoulliFactor(String site, List<double[][]> sequences, int initial, int numStates) {
        if (initial != 0 && initial != 1) {
            throw new SiteException(site, "", "the value before the first step must be 0 or 1, got " + initial);
        }
        this.sequences = List.copyOf(sequences);
        this.initial = initial;
        this.numStates = numStates;
        this.width = BernoulliSequences.of(site, sequences).width();
        for (int s = 0; s < sequences.size(); s++) {
            double[][] rows = sequences.get(s);
            for (int t = 0; t < rows.length; t++) {
                for (int d = 0; d < width; d++) {
                    if (rows[t][d] != 0.0 && rows[t][d] != 1.0) {
                        throw new SiteException(site, "sequence " + s + ", step " + t, "member " + d + " is "
                                + rows[t][d] + "; an observation read as its next step's previous value must be 0 or 1");
                    }
                }
            }
        }
        this.kernel = new ChainSumProduct(numStates);
        this.evidence = new double[sequences.size()][][];
        for (int s = 0; s < sequences.size(); s++) {
            evidence[s] = new double[sequences.get(s).length][numStates];
        }
        this.dEvidenceBySequence = new double[sequences.size()][][];
    }

    /** {@return K} */
    public int numStates() {
        return numStates;
    }

    /**
     * Returns {@code sum_s w log p(y_s)} over the sequences at {@code members}, differentiable in the four tables.
     *
     * @param logInit [K]
     * @param logTrans [K, K]
     * @param logP1 [K, 2, D]
     * @param logP0 [K, 2, D]
     * @param members the sequences to score
     * @param weight the weight of each member
     */
    public Tensor logMarginal(Tensor logInit, Tensor logTrans, Tensor logP1, Tensor logP0, int[] members,
                              double weight) {
        double[] p1 = logP1.toArray();
        double[] p0 = logP0.toArray();
        int expected = numStates * 2 * width;
        if (p1.length != expected || p0.length != expected) {
            throw new IllegalArgumentException("the observation's tables must have shape [" + numStates + ", 2, "
                    + width + "], got " + Arrays.toString(logP1.shape()) + " and " + Arrays.toString(logP0.shape()));
        }
        double[][][] chosen = new double[members.length][][];
        for (int m = 0; m < members.length; m++) {
            fillEvidence(sequences.get(members[m]), p1, p0, evidence[members[m]]);
            chosen[m] = evidence[members[m]];
        }
        double[] weights = new double[members.length];
        Arrays.fill(weights, weight);
        boolean needsGradient = logInit.requiresGrad() || logTrans.requiresGrad() || logP1.requiresGrad()
                || logP0.requiresGrad();
        if (!needsGradient) {
            return Tensor.scalar(kernel.logLikelihood(logInit.toArray(), logTrans.toRows(), chosen, weights));
        }
        double[] dInit = new double[numStates];
        double[][] dTrans = new double[numStates][numStates];
        double[][][] dEvidence = new double[members.length][][];
        for (int m = 0; m < members.length; m++) {
            // The kernel overwrites every row, so a buffer from an earlier call can be reused as it is.
            if (dEvidenceBySequence[members[m]] == null) {
                dEvidenceBySequence[members[m]] = new double[chosen[m].length][numStates];
            }
            dEvidence[m] = dEvidenceBySequence[members[m]];
        }
        double value = kernel.logLikelihoodAndGradient(logInit.toArray(), logTrans.toRows(), chosen, weights, dInit,
                dTrans, dEvidence);
        double[] dP1 = new double[expected];
        double[] dP0 = new double[expected];
        for (int m = 0; m < members.length; m++) {
            addAdjoints(sequences.get(members[m]), dEvidence[m], dP1, dP0);
        }
        double[] dTransFlat = new double[numStates * numStates];
        for (int i = 0; i < numStates; i++) {
            System.arraycopy(dTrans[i], 0, dTransFlat, i * numStates, numStates);
        }
        return Tensor.withBackward(Tensor.scalar(value), "autoregressive chain log marginal",
                List.of(logInit, logTrans, logP1, logP0), (out, adjoints) -> {
                    double g = out[0];
                    addScaled(adjoints[0], dInit, g);
                    addScaled(adjoints[1], dTransFlat, g);
                    addScaled(adjoints[2], dP1, g);
                    addScaled(adjoints[3], dP0, g);
                });
    }

    /**
     * {@return the posterior queries of the chain at fixed tables} (MAP paths, samples, marginals per sequence)
     *
     * @param logInit [K]
     * @param logTrans [K, K]
     * @param logP1 [K, 2, D]
     * @param logP0 [K, 2, D]
     */
    public ChainPosterior posterior(Tensor logInit, Tensor logTrans, Tensor logP1, Tensor logP0) {
        double[] p1 = logP1.toArray();
        double[] p0 = logP0.toArray();
        return new ChainPosterior(logInit, logTrans, sequence -> {
            double[][] y = sequences.get(sequence);
            double[][] rows = new double[y.length][numStates];
            fillEvidence(y, p1, p0, rows);
            return rows;
        }, sequences.size());
    }

    /** {@code evidence[t][k]}; a table entry of -Infinity counts only where its weight (y or 1 - y) is 1. */
    private void fillEvidence(double[][] y, double[] p1, double[] p0, double[][] out) {
        int[] offset = new int[width];
        for (int t = 0; t < y.length; t++) {
            double[] current = y[t];
            rowOffsets(y, t, offset);
            double[] row = out[t];
            for (int k = 0; k < numStates; k++) {
                double total = 0.0;
                int base = k * 2 * width;
                for (int d = 0; d < width; d++) {
                    int at = base + offset[d];
                    total += current[d] == 1.0 ? p1[at] : p0[at];
                }
                row[k] = total;
            }
        }
    }

    /** {@code d logP1[k][v][d] += sum_t marginal[t][k] [y_td = 1][y_{t-1,d} = v]}, and likewise for logP0. */
    private void addAdjoints(double[][] y, double[][] marginals, double[] dP1, double[] dP0) {
        int[] offset = new int[width];
        for (int t = 0; t < y.length; t++) {
            double[] current = y[t];
            rowOffsets(y, t, offset);
            for (int k = 0; k < numStates; k++) {
                double marginal = marginals[t][k];
                if (marginal == 0.0) {
                    continue;
                }
                int base = k * 2 * width;
                for (int d = 0; d < width; d++) {
                    int at = base + offset[d];
                    if (current[d] == 1.0) {
                        dP1[at] += marginal;
                    } else {
                        dP0[at] += marginal;
                    }
                }
            }
        }
    }

    /**
     * Fills {@code offset[d]} with member d's offset within a state's [2, D] block at step t: {@code d} after a 0,
     * {@code width + d} after a 1. It depends on the step only, so it is computed once per step, not once per state.
     */
    private void rowOffsets(double[][] y, int t, int[] offset) {
        for (int d = 0; d < width; d++) {
            double previous = t == 0 ? initial : y[t - 1][d];
            offset[d] = (previous == 1.0 ? width : 0) + d;
        }
    }

    private static void addScaled(double @Nullable [] into, double[] values, double factor) {
        if (into == null) {
            return;
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += factor * values[i];
        }
    }
}
