package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * The exact log-likelihood of a plate of ragged sequences that share one first-order chain, and its gradient
 * with respect to the chain's log tables: the forward pass and the backward pass of a trained HMM.
 *
 * <p>Inputs are log tables, as in {@link ChainKernels}: {@code logInit} (K) for the first step, {@code logTrans}
 * (K x K, row = previous state) for every later step, and per sequence s a {@code logEvidence[s]} of T_s x K
 * (T_s >= 0; a sequence of length 0 contributes 0 and has no adjoints). Optional per-sequence weights w_s >= 0
 * scale sequence s's log-likelihood and adjoints (the scale of a subsampled minibatch); a sequence of weight 0
 * is skipped entirely, so even impossible evidence there contributes 0 rather than {@code 0 * -inf}.
 *
 * <p>The gradient is the backward pass of elimination (DESIGN.md, "Gradients: the backward pass of elimination
 * is marginals"): the derivative of {@code L = sum_s w_s log p(y_s)} with respect to a log-table entry is the
 * weighted posterior expectation of how often that entry is used:
 * <ul>
 *   <li>{@code dL/dlogInit[i] = sum_s w_s P(z_0 = i | y_s)};</li>
 *   <li>{@code dL/dlogTrans[i][j] = sum_s w_s sum_t P(z_{t-1} = i, z_t = j | y_s)}, the expected transition
 *       counts;</li>
 *   <li>{@code dL/dlogEvidence[s][t][k] = w_s P(z_t = k | y_s)}.</li>
 * </ul>
 * Generated code hands these to {@code Autodiff.gradients(outputs, adjoints)} as the adjoints of the tensors
 * the tables were built from. Tables need not be normalised (the derivatives are those of the log partition
 * function of the potentials).
 *
 * <p>Impossible evidence: a sequence (of positive weight) with probability zero makes the total
 * {@code -Infinity}, and its adjoints are all 0. The derivative of {@code log 0} does not exist; zeros keep NaN
 * out of the parameters' gradients, while the {@code -Infinity} loss is what tells the trainer to stop and
 * report. The other sequences' adjoints are still their exact posterior expectations. No output is ever NaN.
 *
 * <p>Numerics: per sequence, scaled forward-backward with one matrix-vector product per step and a log-space fallback
 * for sequences the scaled pass cannot carry exactly ({@link SequenceGradientPass}); the likelihood-only entry
 * streams each sequence through a {@link ForwardAccumulator} in O(K) memory. Cost O(sum_s T_s K^2).
 *
 * <p>Parallelism: sequences may run on several workers of a caller-supplied executor. Each sequence's result
 * goes into its own slot and the slots are summed in sequence order afterwards, so results are bit-identical
 * for any number of workers. Instances keep per-worker buffers that grow to the longest sequence and are reused
 * from call to call; an instance is not thread-safe (one per training loop).
 */
public final class ChainSumProduct {

    private final int numStates;
    private final SequenceScheduler scheduler;
    private final SequenceGradientPass[] passes;
    private final ForwardAccumulator[] accumulators;
    private double[] sequenceLogLikelihood = new double[0];
    private double[][] sequenceCounts = new double[0][];

    /**
     * A kernel that runs every sequence on the calling thread.
     *
     * @param numStates K, at least 1
     */
    public ChainSumProduct(int numStates) {
        this(numStates, null, 1);
    }

    /**
     * A kernel that spreads sequences over {@code workers} tasks of {@code executor}.
     *
     * @param numStates K, at least 1
     * @param executor where the workers run (e.g. a {@code ForkJoinPool}); null for the calling thread only
     * @param workers the number of concurrent workers, at least 1 (1 when {@code executor} is null)
     */
    public ChainSumProduct(int numStates, @Nullable ExecutorService executor, int workers) {
        if (numStates < 1) {
            throw new IllegalArgumentException("numStates = " + numStates + "; a chain needs at least one state");
        }
        this.numStates = numStates;
        this.scheduler = new SequenceScheduler(executor, workers);
        this.passes = new SequenceGradientPass[workers];
        this.accumulators = new ForwardAccumulator[workers];
        for (int w = 0; w < workers; w++) {
            passes[w] = new SequenceGradientPass(numStates);
        }
    }

    /**
     * Returns {@code sum_s w_s log p(y_s)} with O(K) memory per sequence.
     *
     * @param logInit K initial log-probabilities; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence per sequence, T_s x K step log-likelihoods; not modified
     * @param weights per-sequence weights w_s >= 0, or null for all 1; not modified
     * @return the total; {@code -Infinity} if a sequence of positive weight is impossible; never NaN
     * @throws IllegalArgumentException naming the array and index of a malformed table or weight
     */
    public double logLikelihood(double[] logInit, double[][] logTrans, double[][][] logEvidence,
                                double @Nullable [] weights) {
        PlateInputValidator.checkInputs(numStates, logInit, logTrans, logEvidence, weights);
        int numSequences = prepare(logEvidence.length);
        for (int w = 0; w < accumulators.length; w++) {
            accumulators[w] = new ForwardAccumulator(logInit, logTrans);
        }
        scheduler.forEach(numSequences, (worker, s) -> {
            if (weight(weights, s) == 0.0) {
                return;
            }
            ForwardAccumulator forward = accumulators[worker];
            forward.reset();
            double[][] sequence = logEvidence[s];
            for (int t = 0; t < sequence.length && forward.firstImpossibleStep() < 0; t++) {
                forward.observeChecked(sequence[t]);
            }
            sequenceLogLikelihood[s] = forward.logLikelihood();
        });
        return total(numSequences, weights);
    }

    /**
     * Returns {@code sum_s w_s log p(y_s)} and writes its derivatives with respect to every log-table entry into
     * the given buffers (overwriting them). Memory O(T_max K) per worker besides the buffers.
     *
     * @param logInit K initial log-probabilities; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence per sequence, T_s x K step log-likelihoods; not modified
     * @param weights per-sequence weights w_s >= 0, or null for all 1; not modified
     * @param dLogInit modified: K, receives {@code sum_s w_s P(z_0 = i | y_s)}
     * @param dLogTrans modified: K x K, receives the weighted expected transition counts
     * @param dLogEvidence modified: shaped like {@code logEvidence}, receives {@code w_s P(z_t = k | y_s)}
     * @return the total; {@code -Infinity} if a sequence of positive weight is impossible; never NaN
     * @throws IllegalArgumentException naming the array and index of a malformed table, weight or buffer
     */
    public double logLikelihoodAndGradient(double[] logInit, double[][] logTrans, double[][][] logEvidence,
                                           double @Nullable [] weights, double[] dLogInit, double[][] dLogTrans,
                                           double[][][] dLogEvidence) {
        PlateInputValidator.checkInputs(numStates, logInit, logTrans, logEvidence, weights);
        PlateInputValidator.checkOutputs(numStates, logEvidence, dLogInit, dLogTrans, dLogEvidence);
        int numSequences = prepare(logEvidence.length);
        ScaledTransitionMatrix trans = ScaledTransitionMatrix.of(logTrans);
        scheduler.forEach(numSequences, (worker, s) -> {
            double weight = weight(weights, s);
            double[][] marginals = dLogEvidence[s];
            double[] counts = sequenceCounts[s];
            if (weight == 0.0 || marginals.length == 0) {
                clear(marginals, counts);
                return;
            }
            sequenceLogLikelihood[s] = passes[worker].run(trans, logInit, logTrans, logEvidence[s], marginals, counts);
            if (weight != 1.0) {
                scale(marginals, counts, weight);
            }
        });
        Arrays.fill(dLogInit, 0.0);
        for (double[] row : dLogTrans) {
            Arrays.fill(row, 0.0);
        }
        // Index order, whatever the number of workers: this is what makes the sums thread-count independent.
        for (int s = 0; s < numSequences; s++) {
            if (dLogEvidence[s].length > 0) {
                addTo(dLogInit, dLogEvidence[s][0], 0);
            }
            double[] counts = sequenceCounts[s];
            for (int i = 0; i < numStates; i++) {
                addTo(dLogTrans[i], counts, i * numStates);
            }
        }
        return total(numSequences, weights);
    }

    /** Sizes the per-sequence result slots (reused between calls) and zeroes the log-likelihoods. */
    private int prepare(int numSequences) {
        if (sequenceLogLikelihood.length < numSequences) {
            sequenceLogLikelihood = new double[numSequences];
            double[][] counts = Arrays.copyOf(sequenceCounts, numSequences);
            for (int s = sequenceCounts.length; s < numSequences; s++) {
                counts[s] = new double[numStates * numStates];
            }
            sequenceCounts = counts;
        }
        Arrays.fill(sequenceLogLikelihood, 0, numSequences, 0.0);
        return numSequences;
    }

    /** The weighted sum of the per-sequence log-likelihoods, in index order. */
    private double total(int numSequences, double @Nullable [] weights) {
        CompensatedSum sum = new CompensatedSum();
        for (int s = 0; s < numSequences; s++) {
            double weight = weight(weights, s);
            double value = sequenceLogLikelihood[s];
            if (weight == 0.0) {
                continue;
            }
            if (value == Double.NEGATIVE_INFINITY) {
                return Double.NEGATIVE_INFINITY;
            }
            sum.add(weight * value);
        }
        return sum.value();
    }

    private static double weight(double @Nullable [] weights, int sequence) {
        return weights == null ? 1.0 : weights[sequence];
    }

    private static void scale(double[][] marginals, double[] counts, double weight) {
        for (double[] row : marginals) {
            for (int k = 0; k < row.length; k++) {
                row[k] *= weight;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] *= weight;
        }
    }

    private static void clear(double[][] marginals, double[] counts) {
        for (double[] row : marginals) {
            Arrays.fill(row, 0.0);
        }
        Arrays.fill(counts, 0.0);
    }

    private static void addTo(double[] target, double[] source, int offset) {
        for (int k = 0; k < target.length; k++) {
            target[k] += source[offset + k];
        }
    }
}
