package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliEmissionAdjoints;
import dev.trellis.runtime.elimination.tables.BernoulliEmissionTables;
import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The exact log marginal likelihood of an enumerated first-order chain over a plate of ragged sequences, each step
 * emitting a vector of Bernoulli observations (Pyro's hmm.py model_1 with the hidden state summed out), as one
 * differentiable tensor: its inputs are the log tables the model's distributions give, and its backward pass is the
 * chain's posterior marginals, not a tape through the time loop.
 *
 * <p>The gradient of {@code sum_s w_s log p(y_s)} with respect to a log-table entry is that entry's expected count
 * under the posterior: {@code P(z_0 = i)} for the initial table, the expected transitions for the transition table,
 * and {@code sum_t P(z_t = k) y_td} (resp. {@code (1 - y_td)}) for the emission tables. The kernel computes them in the
 * same pass as the likelihood, so a training step is one forward-backward sweep.
 *
 * <p>Not thread-safe: it reuses one kernel and its buffers. Use one per training loop.
 */
public final class BernoulliChainFactor {

    private final List<BernoulliObservations> sequences;
    private final ChainSumProduct kernel;
    private final int numStates;
    /** Per sequence, T_s x K evidence rows and their adjoints; made on the first gradient that needs them. */
    private final double[][][] logEvidence;
    private final double[][][] dLogEvidence;

    /**
     * @param sequences the observed sequences, each T_s x D; zero-length sequences contribute nothing
     * @param numStates K, the chain's number of states
     */
    public BernoulliChainFactor(List<BernoulliObservations> sequences, int numStates) {
        this.sequences = List.copyOf(sequences);
        this.numStates = numStates;
        this.kernel = new ChainSumProduct(numStates);
        this.logEvidence = new double[sequences.size()][][];
        this.dLogEvidence = new double[sequences.size()][][];
    }

    /** {@return K, the chain's number of states} */
    public int numStates() {
        return numStates;
    }

    /** {@return the number of sequences in the plate} */
    public int numSequences() {
        return sequences.size();
    }

    /**
     * Returns {@code sum_s w_s log p(y_s)} for the sequences at {@code members} (all, or a minibatch), as a scalar
     * tensor that carries the gradient to the four tables when any of them requires it.
     *
     * <p>Without a gradient the sequences are streamed one step at a time through a {@link ForwardAccumulator}: the
     * memory used is O(K D), whatever the sequences' lengths. With one, every member's evidence and marginals are
     * kept (O(T K) per sequence, in buffers reused from call to call).
     *
     * @param logInit [K], {@code log p(z_0 = k)}
     * @param logTrans [K, K], row = previous state
     * @param logP1 [K, D], {@code log p(y_d = 1 | z = k)}
     * @param logP0 [K, D], {@code log p(y_d = 0 | z = k)}
     * @param members the indices of the sequences to score, in the order to sum them
     * @param weight the weight of every member (size / minibatch size for a subsampled plate, else 1)
     * @return the weighted log marginal likelihood; {@code -Infinity} when some member is impossible
     * @throws IllegalArgumentException naming the table and index of a malformed entry
     */
    public Tensor logMarginal(Tensor logInit, Tensor logTrans, Tensor logP1, Tensor logP0, int[] members,
                              double weight) {
        checkShape("logInit", logInit, numStates);
        checkShape("logTrans", logTrans, numStates, numStates);
        int tones = logP1.shape().length == 2 ? logP1.shape()[1] : -1;
        checkShape("logP1", logP1, numStates, tones);
        checkShape("logP0", logP0, numStates, tones);
        if (!(weight >= 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight = " + weight + "; a sequence weight must be finite and >= 0");
        }
        for (int member : members) {
            if (sequences.get(member).numTones() != tones) {
                throw new IllegalArgumentException("sequence " + member + " has " + sequences.get(member).numTones()
                        + " tones but logP1 has " + tones);
            }
        }
        BernoulliEmissionTables emissions = BernoulliEmissionTables.of(logP1.toArray(), logP0.toArray(), numStates,
                tones);
        boolean needsGradient = logInit.requiresGrad() || logTrans.requiresGrad() || logP1.requiresGrad()
                || logP0.requiresGrad();
        if (!needsGradient) {
            return Tensor.scalar(streamedLogLikelihood(logInit.toArray(), logTrans.toRows(), emissions, members,
                    weight));
        }
        double[][][] evidence = new double[members.length][][];
        double[][][] marginals = new double[members.length][][];
        for (int m = 0; m < members.length; m++) {
            int member = members[m];
            BernoulliObservations y = sequences.get(member);
            if (logEvidence[member] == null) {
                logEvidence[member] = new double[y.numSteps()][numStates];
                dLogEvidence[member] = new double[y.numSteps()][numStates];
            }
            double[][] rows = logEvidence[member];
            for (int t = 0; t < rows.length; t++) {
                emissions.logEvidence(y, t, rows[t]);
            }
            evidence[m] = rows;
            marginals[m] = dLogEvidence[member];
        }
        double[] weights = new double[members.length];
        Arrays.fill(weights, weight);
        double[] dInit = new double[numStates];
        double[][] dTrans = new double[numStates][numStates];
        double value = kernel.logLikelihoodAndGradient(logInit.toArray(), logTrans.toRows(), evidence, weights,
                dInit, dTrans, marginals);
        BernoulliEmissionAdjoints emissionAdjoints = new BernoulliEmissionAdjoints(numStates, tones);
        for (int m = 0; m < members.length; m++) {
            BernoulliObservations y = sequences.get(members[m]);
            for (int t = 0; t < marginals[m].length; t++) {
                emissionAdjoints.add(y, t, marginals[m][t]);
            }
        }
        double[] dP1 = new double[numStates * tones];
        double[] dP0 = new double[numStates * tones];
        emissionAdjoints.writeTo(dP1, dP0);
        double[] dTransFlat = flatten(dTrans);
        return Tensor.withBackward(Tensor.scalar(value), "chain log marginal",
                List.of(logInit, logTrans, logP1, logP0), (out, adjoints) -> {
                    double g = out[0];
                    addScaled(adjoints[0], dInit, g);
                    addScaled(adjoints[1], dTransFlat, g);
                    addScaled(adjoints[2], dP1, g);
                    addScaled(adjoints[3], dP0, g);
                });
    }

    /**
     * The weighted log-likelihood of the members, each streamed step by step through one forward accumulator: no
     * buffer grows with a sequence's length.
     */
    private double streamedLogLikelihood(double[] logInit, double[][] logTrans, BernoulliEmissionTables emissions,
                                         int[] members, double weight) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        if (weight == 0.0) {
            return 0.0;   // as ChainSumProduct: a member of weight 0 is skipped, even if impossible
        }
        double[] row = new double[numStates];
        CompensatedSum total = new CompensatedSum();
        for (int member : members) {
            BernoulliObservations y = sequences.get(member);
            forward.reset();
            for (int t = 0; t < y.numSteps(); t++) {
                emissions.logEvidence(y, t, row);
                forward.observeChecked(row);
                if (forward.firstImpossibleStep() >= 0) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            total.add(weight * forward.logLikelihood());
        }
        return total.value();
    }

    private static void addScaled(double @Nullable [] into, double[] values, double factor) {
        if (into == null) {
            return;
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += factor * values[i];
        }
    }

    private static double[] flatten(double[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static void checkShape(String name, Tensor table, int... expected) {
        int[] shape = table.shape();
        boolean ok = shape.length == expected.length;
        for (int d = 0; ok && d < shape.length; d++) {
            ok = expected[d] < 0 || shape[d] == expected[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + " but the "
                    + "chain has " + expectedText(expected));
        }
    }

    private static String expectedText(int[] expected) {
        StringBuilder text = new StringBuilder("shape [");
        for (int d = 0; d < expected.length; d++) {
            text.append(d == 0 ? "" : ", ").append(expected[d] < 0 ? "D" : String.valueOf(expected[d]));
        }
        return text.append(']').toString();
    }
}
