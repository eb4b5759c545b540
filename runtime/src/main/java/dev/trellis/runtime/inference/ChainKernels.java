package dev.trellis.runtime.inference;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;

/**
 * Exact inference for one discrete Markov chain with history 1: K states, T >= 1 steps.
 *
 * <p>Every kernel takes the model as log-space tables:
 * <ul>
 *   <li>{@code logInit} (K): {@code log p(z_0 = k)};</li>
 *   <li>{@code logTrans} (K x K): {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)};</li>
 *   <li>{@code logEvidence} (T x K): the log-likelihood of everything observed at step t given
 *       {@code z_t = k} (the sum of the emission log-probabilities of that step).</li>
 * </ul>
 * Entries may be {@code -Infinity} (probability zero); NaN and {@code +Infinity} are rejected. Rows need not be
 * normalised: the kernels compute the sum (or max) over paths of the product of the factors, so log-potentials
 * work too. No input array is modified and no output is NaN.
 *
 * <p>Likelihood, marginals and posterior samples run in scaled probability space with one matrix-vector product per
 * step (see {@link ScaledForwardKernels}). Where a model's probabilities span more than double range within a
 * step (ratios beyond about e^346), which scaled space would silently round away, those steps (for the
 * likelihood) or that call (for marginals and samples) run in log space instead, with the same results.
 * Viterbi always runs in log space. Cost: O(T K^2) time; memory O(K) for the likelihood, O(T K) for the
 * others. Every kernel validates all its inputs before computing anything.
 *
 * <p>Thread-safe: it keeps no state; every call allocates its own buffers.
 */
public final class ChainKernels {

    private ChainKernels() {
    }

    /**
     * Returns {@code log p(x_0..x_{T-1})}, the log of the sum over all K^T paths.
     *
     * @param logInit K initial log-probabilities, {@code log p(z_0 = k)}; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence T x K, the log-likelihood of step t's observations given {@code z_t = k}; not modified
     * @return the log-likelihood; {@code -Infinity} when every path has probability zero, never NaN
     * @throws IllegalArgumentException naming the array and index if the tables are empty, of the wrong size,
     *     or hold NaN or {@code +Infinity}
     */
    public static double logLikelihood(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        int numSteps = ChainInputValidator.checkEvidence(logEvidence, logInit.length);
        for (int t = 0; t < numSteps && forward.firstImpossibleStep() < 0; t++) {
            forward.observeChecked(logEvidence[t]);
        }
        return forward.logLikelihood();
    }

    /**
     * Returns the posterior marginals {@code p(z_t = k | x_0..x_{T-1})}.
     *
     * @param logInit K initial log-probabilities, {@code log p(z_0 = k)}; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence T x K, the log-likelihood of step t's observations given {@code z_t = k}; not modified
     * @return a new T x K array; each row sums to 1 (to rounding)
     * @throws ImpossibleEvidenceException naming the first step at which every state is ruled out
     * @throws IllegalArgumentException naming the array and index for malformed tables
     */
    public static double[][] marginals(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        validate(logInit, logTrans, logEvidence);
        double[][] scaled = ScaledForwardBackward.marginals(ScaledTransitionMatrix.of(logTrans), logInit, logEvidence);
        return scaled != null ? scaled : LogSpaceChainPasses.marginals(logInit, logTrans, logEvidence);
    }

    /**
     * Returns the most probable path {@code argmax_z p(z, x)} and its log joint probability. Ties go to the
     * lower state index.
     *
     * @param logInit K initial log-probabilities, {@code log p(z_0 = k)}; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence T x K, the log-likelihood of step t's observations given {@code z_t = k}; not modified
     * @return the MAP path
     * @throws ImpossibleEvidenceException naming the first step at which every path prefix has probability zero
     * @throws IllegalArgumentException naming the array and index for malformed tables
     */
    public static ViterbiPath viterbi(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        validate(logInit, logTrans, logEvidence);
        return MaxProductDecoder.decode(logInit, logTrans, logEvidence);
    }

    /**
     * {@link #viterbi(double[], double[][], double[][])} on T rows kept in one flat array, as the elimination engine
     * keeps a plate's evidence: row t is {@code logEvidence[from + t*K .. from + t*K + K)}.
     *
     * @param numSteps T, at least 1
     * @throws ImpossibleEvidenceException naming the first step (counted from {@code from}) at which every path
     *     prefix has probability zero
     * @throws IllegalArgumentException naming the array and index for malformed tables, or if the rows do not fit
     */
    public static ViterbiPath viterbi(double[] logInit, double[][] logTrans, double[] logEvidence, int from,
                                      int numSteps) {
        RowView rows = checkedRows(logInit, logTrans, logEvidence, from, numSteps);
        return MaxProductDecoder.decode(logInit, logTrans, rows, numSteps);
    }

    /**
     * Draws one path exactly from the posterior {@code p(z | x)} by forward-filtering backward-sampling.
     *
     * @param logInit K initial log-probabilities, {@code log p(z_0 = k)}; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param logEvidence T x K, the log-likelihood of step t's observations given {@code z_t = k}; not modified
     * @param rng advanced by T categorical draws (one {@code nextDouble()} each)
     * @return a new path of length T
     * @throws ImpossibleEvidenceException naming the first step at which every state is ruled out
     * @throws IllegalArgumentException naming the array and index for malformed tables
     */
    public static int[] samplePosterior(double[] logInit, double[][] logTrans, double[][] logEvidence, Rng rng) {
        validate(logInit, logTrans, logEvidence);
        int[] scaled = ChainSampler.samplePosterior(ScaledTransitionMatrix.of(logTrans), logInit, logEvidence, rng);
        return scaled != null ? scaled : LogSpaceChainPasses.samplePosterior(logInit, logTrans, logEvidence, rng);
    }

    /**
     * {@link #samplePosterior(double[], double[][], double[][], Rng)} on T rows kept in one flat array (see
     * {@link #viterbi(double[], double[][], double[], int, int)}).
     */
    public static int[] samplePosterior(double[] logInit, double[][] logTrans, double[] logEvidence, int from,
                                        int numSteps, Rng rng) {
        RowView rows = checkedRows(logInit, logTrans, logEvidence, from, numSteps);
        int[] scaled = ChainSampler.samplePosterior(ScaledTransitionMatrix.of(logTrans), logInit, rows, numSteps, rng);
        return scaled != null ? scaled
                : LogSpaceChainPasses.samplePosterior(logInit, logTrans, rows, numSteps, rng);
    }

    /**
     * Draws one path from the prior by ancestral sampling: {@code z_0 ~ init}, {@code z_t ~ trans(z_{t-1}, .)}.
     *
     * @param logInit K initial log-probabilities, {@code log p(z_0 = k)}; not modified
     * @param logTrans K x K, {@code logTrans[i][j] = log p(z_t = j | z_{t-1} = i)}; not modified
     * @param length the number of steps T, at least 1
     * @param rng advanced by {@code length} categorical draws
     * @return a new path of the given length
     * @throws IllegalArgumentException for malformed tables, {@code length < 1}, an all {@code -Infinity}
     *     {@code logInit}, or naming the state when the path reaches a state with an all {@code -Infinity} row
     */
    public static int[] simulatePath(double[] logInit, double[][] logTrans, int length, Rng rng) {
        int numStates = ChainInputValidator.checkInit(logInit);
        ChainInputValidator.checkTrans(logTrans, numStates);
        ChainInputValidator.checkLength(length);
        return ChainSampler.simulatePath(logInit, logTrans, length, rng);
    }

    /** Validates the tables and T flat rows of evidence; returns a view of the rows. */
    private static RowView checkedRows(double[] logInit, double[][] logTrans, double[] logEvidence, int from,
                                       int numSteps) {
        int numStates = ChainInputValidator.checkInit(logInit);
        ChainInputValidator.checkTrans(logTrans, numStates);
        ChainInputValidator.checkFlatEvidence(logEvidence, from, numSteps, numStates);
        return new RowView().flat(logEvidence, from, numStates);
    }

    private static void validate(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int numStates = ChainInputValidator.checkInit(logInit);
        ChainInputValidator.checkTrans(logTrans, numStates);
        ChainInputValidator.checkEvidence(logEvidence, numStates);
    }
}
