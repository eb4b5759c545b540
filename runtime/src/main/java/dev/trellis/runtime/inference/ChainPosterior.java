package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliEmissionTables;
import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Queries of an enumerated chain's posterior given fixed values of the model's global sites, sequence by sequence:
 * Pyro's {@code infer_discrete} at temperature 0 (the MAP path, by max-product) and at temperature 1 (an exact
 * posterior sample, by forward filtering and backward sampling), and the posterior marginals of every step. The
 * tables come from the same generated tabulation as training, so queries and training score the same model.
 */
public final class ChainPosterior {

    /** The T x K log-evidence of one sequence under fixed tables. */
    @FunctionalInterface
    public interface SequenceEvidence {
        /** {@return {@code [t][k] = log p(y_t | state k, ...)} of sequence {@code s}} */
        double[][] of(int sequence);
    }

    private final double[] logInit;
    private final double[][] logTrans;
    private final SequenceEvidence evidence;
    private final int numSequences;

    /**
     * @param tables the model's tables at the given globals; their values are read, their graphs ignored
     * @param data the observed sequences the program was built with
     */
    public ChainPosterior(BernoulliChainTables tables, BernoulliSequences data) {
        this(tables.logInit(), tables.logTrans(), bernoulliEvidence(tables, data), data.size());
    }

    /**
     * @param logInit [K]; its values are read
     * @param logTrans [K, K]; its values are read
     * @param evidence each sequence's log-evidence
     * @param numSequences how many sequences there are
     */
    public ChainPosterior(Tensor logInit, Tensor logTrans, SequenceEvidence evidence, int numSequences) {
        this.logInit = logInit.toArray();
        this.logTrans = logTrans.toRows();
        this.evidence = evidence;
        this.numSequences = numSequences;
    }

    /** {@return the number of sequences} */
    public int numSequences() {
        return numSequences;
    }

    /** {@return log p(y_s), the chain summed out} */
    public double logLikelihood(int sequence) {
        return ChainKernels.logLikelihood(logInit, logTrans, evidence(sequence));
    }

    /** {@return the MAP path of sequence {@code s} and its log joint with the observations} */
    public ViterbiPath viterbi(int sequence) {
        return ChainKernels.viterbi(logInit, logTrans, evidence(sequence));
    }

    /** {@return {@code [t][k] = P(state_t = k | y_s)}} */
    public double[][] marginals(int sequence) {
        return ChainKernels.marginals(logInit, logTrans, evidence(sequence));
    }

    /** {@return one exact draw of the path of sequence {@code s} from its posterior} */
    public int[] sample(int sequence, Rng rng) {
        return ChainKernels.samplePosterior(logInit, logTrans, evidence(sequence), rng);
    }

    private double[][] evidence(int sequence) {
        if (sequence < 0 || sequence >= numSequences) {
            throw new IllegalArgumentException("sequence " + sequence + " is outside 0.." + (numSequences - 1));
        }
        return evidence.of(sequence);
    }

    /**
     * The T x K log-evidence of Bernoulli observations under the tables' emission rows, by the same row kernel as
     * training ({@link BernoulliChainFactor}), so queries score exactly what training scored. The tables are prepared
     * per query (O(K D), against the query's O(T K^2)) because they hold a scratch row, so queries stay independent.
     */
    private static SequenceEvidence bernoulliEvidence(BernoulliChainTables tables, BernoulliSequences data) {
        double[] logP1 = tables.logP1().toArray();
        double[] logP0 = tables.logP0().toArray();
        int states = tables.numStates();
        int tones = data.width();
        if (logP1.length != states * tones || logP0.length != states * tones) {
            throw new IllegalArgumentException("the emission tables must have shape [" + states + ", " + tones
                    + "], got " + java.util.Arrays.toString(tables.logP1().shape()) + " and "
                    + java.util.Arrays.toString(tables.logP0().shape()));
        }
        return sequence -> {
            BernoulliObservations y = data.sequences().get(sequence);
            BernoulliEmissionTables emissions = BernoulliEmissionTables.of(logP1, logP0, states, tones);
            double[][] rows = new double[y.numSteps()][states];
            for (int t = 0; t < rows.length; t++) {
                emissions.logEvidence(y, t, rows[t]);
            }
            return rows;
        };
    }
}
