package dev.trellis.runtime.inference;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * One sequence's log-likelihood and its adjoints (posterior marginals and expected transition counts) by
 * scaled forward-backward, with the buffers of one worker thread.
 *
 * <p>The forward pass and the marginals are exactly those of {@link ScaledForwardBackward} (same operations in
 * the same order, so the marginals agree bit for bit with {@link ChainKernels#marginals}). The pairwise
 * marginals come from the same backward quantities: with {@code ratio_{t+1}(j) = gamma_{t+1}(j) /
 * pred_{t+1}(j)} and {@code s_t} the sum that renormalises smoothed row t,
 * <pre>P(z_t = i, z_{t+1} = j | x) = (alpha_t(i) / s_t) * scaled(i, j) * ratio_{t+1}(j)</pre>
 * (the column scale of the transition matrix cancels between numerator and prediction). Summed over t that is
 * {@code (A^T R) .* scaled}, where the rows of A are the renormalised filters {@code alpha_t / s_t} and the rows
 * of R the ratios: one matrix product per sequence (four steps at a time) instead of a rank-1 update per step,
 * and one element-wise product with the transition matrix at the end. All terms are non-negative, so the counts keep
 * small relative error.
 *
 * <p>Buffers grow to the longest sequence seen and are then reused: nothing is allocated per step, and after
 * the first call nothing per sequence either. A sequence the scaled pass cannot carry exactly (see
 * {@link ScaledForwardKernels}) is redone whole in log space by {@link LogSpaceSequenceGradient}. Not
 * thread-safe: one instance per worker.
 */
public final class SequenceGradientPass {

    private final int numStates;
    private final double[] backward;
    private final double[] counts;
    /** Rows t = 0..T-2: the renormalised filters {@code alpha_t / s_t}. */
    private final DMatrixRMaj normalisedFilters;
    /** Rows t = 0..T-2: {@code ratio_{t+1}}. */
    private final DMatrixRMaj ratios;
    /** Row t (at t * K) holds the one-step prediction of step t >= 1 (row 0 is unused). */
    private double[] predictions;
    private final CompensatedSum logLikelihood = new CompensatedSum();
    private final LogSpaceSequenceGradient logSpace;
    /** The current sequence's evidence rows and its filter (then marginal) rows. */
    private final RowView evidence = new RowView();
    private final RowView gamma = new RowView();

    /**
     * Buffers for chains of K states; they grow to the longest sequence run.
     *
     * @param numStates K, at least 1
     */
    public SequenceGradientPass(int numStates) {
        this.numStates = numStates;
        this.backward = new double[numStates];
        this.counts = new double[numStates * numStates];
        this.normalisedFilters = new DMatrixRMaj(1, numStates);
        this.ratios = new DMatrixRMaj(1, numStates);
        this.predictions = new double[0];
        this.logSpace = new LogSpaceSequenceGradient(numStates);
    }

    /**
     * Computes one sequence's log-likelihood, marginals and expected transition counts.
     *
     * @param trans the scaled transition matrix of {@code logTrans}; not modified
     * @param logInit K initial log-probabilities, validated; not modified
     * @param logTrans K x K log-transition table, validated; not modified
     * @param logEvidence T x K log-likelihoods, T >= 1, validated; not modified
     * @param marginalsOut modified: T x K, row t receives {@code P(z_t = k | x)}; all 0 for impossible evidence
     * @param countsOut modified: K*K row-major, entry {@code i*K+j} receives {@code sum_t P(z_t = i, z_{t+1} = j |
     *     x)}; all 0 for impossible evidence
     * @return {@code log p(x)}, or {@code -Infinity} for impossible evidence; never NaN
     */
    public double run(ScaledTransitionMatrix trans, double[] logInit, double[][] logTrans, double[][] logEvidence,
               double[][] marginalsOut, double[] countsOut) {
        evidence.rows(logEvidence);
        gamma.rows(marginalsOut);
        return run(trans, logInit, logTrans, logEvidence.length, countsOut, 0);
    }

    /**
     * {@link #run(ScaledTransitionMatrix, double[], double[][], double[][], double[][], double[])} on rows kept in
     * flat arrays, as the elimination engine keeps a plate's evidence and posteriors: row t of the sequence is
     * {@code logEvidence[evidenceFrom + t*K ..]} and {@code marginalsOut[marginalsFrom + t*K ..]}, the counts go to
     * {@code countsOut[countsFrom .. countsFrom + K*K)}. Nothing is allocated once the buffers have grown.
     *
     * @param numSteps T, at least 1
     */
    public double run(ScaledTransitionMatrix trans, double[] logInit, double[][] logTrans, double[] logEvidence,
                      int evidenceFrom, int numSteps, double[] marginalsOut, int marginalsFrom, double[] countsOut,
                      int countsFrom) {
        evidence.flat(logEvidence, evidenceFrom, numStates);
        gamma.flat(marginalsOut, marginalsFrom, numStates);
        return run(trans, logInit, logTrans, numSteps, countsOut, countsFrom);
    }

    private double run(ScaledTransitionMatrix trans, double[] logInit, double[][] logTrans, int numSteps,
                       double[] countsOut, int countsFrom) {
        ensureCapacity(numSteps);
        double result = trans.keepsPrecision ? forward(trans, logInit, numSteps)
                : ScaledForwardKernels.LOSES_PRECISION;
        if (ScaledForwardKernels.losesPrecision(result)) {
            return logSpace.run(logInit, logTrans, evidence, numSteps, predictions, gamma, countsOut, countsFrom);
        }
        if (result == Double.NEGATIVE_INFINITY) {
            clear(numSteps, countsOut, countsFrom);
            return result;
        }
        backward(trans, numSteps, countsOut, countsFrom);
        return result;
    }

    /** The scaled forward pass into the gamma rows; returns log p(x), -Infinity, or LOSES_PRECISION. */
    private double forward(ScaledTransitionMatrix trans, double[] logInit, int numSteps) {
        int k = numStates;
        double first = ScaledForwardKernels.initialStep(logInit, evidence.array(0), evidence.offset(0),
                gamma.array(0), gamma.offset(0));
        if (first == Double.NEGATIVE_INFINITY || ScaledForwardKernels.losesPrecision(first)) {
            return first;
        }
        logLikelihood.reset();
        logLikelihood.add(first);
        for (int t = 1; t < numSteps; t++) {
            double step = ScaledForwardKernels.step(trans, gamma.array(t - 1), gamma.offset(t - 1), evidence.array(t),
                    evidence.offset(t), predictions, t * k, gamma.array(t), gamma.offset(t));
            if (step == Double.NEGATIVE_INFINITY || ScaledForwardKernels.losesPrecision(step)) {
                return step;
            }
            logLikelihood.add(step);
        }
        return logLikelihood.value();
    }

    /** Turns the filters in the gamma rows into marginals in place and fills the counts. */
    private void backward(ScaledTransitionMatrix trans, int numSteps, double[] countsOut, int countsFrom) {
        int k = numStates;
        if (numSteps == 1) {
            Arrays.fill(countsOut, countsFrom, countsFrom + k * k, 0.0);
            return;
        }
        normalisedFilters.reshape(numSteps - 1, k, false);
        ratios.reshape(numSteps - 1, k, false);
        double[] ratioRows = ratios.data;
        double[] prediction = predictions;
        for (int t = numSteps - 2; t >= 0; t--) {
            double[] next = gamma.array(t + 1);
            int nextAt = gamma.offset(t + 1);
            int predictedAt = (t + 1) * k;
            int offset = t * k;
            for (int j = 0; j < k; j++) {
                // pred = 0 implies gamma = 0 there: that state contributes nothing to step t.
                double p = prediction[predictedAt + j];
                ratioRows[offset + j] = p > 0.0 ? next[nextAt + j] / p : 0.0;
            }
            trans.pullBack(ratioRows, offset, backward);
            smoothRow(gamma.array(t), gamma.offset(t), t);
        }
        pairSums(normalisedFilters.data, ratios.data, numSteps - 1, k, counts);
        double[] scaled = trans.scaled.data;
        for (int index = 0; index < k * k; index++) {
            countsOut[countsFrom + index] = counts[index] * scaled[index];
        }
    }
    /**
     * {@code out[i][j] = sum_t filters[t][i] ratios[t][j]} ({@code A^T R}) over {@code rows} row-major rows of k,
     * four steps per pass over {@code out}, as {@link ScaledTransitionMatrix#addScaledRows} does for its products
     * (and, like it, unrolled by eight by hand).
     * Every term is non-negative, so the order of the additions costs no accuracy.
     */
    private static void pairSums(double[] filters, double[] ratios, int rows, int k, double[] out) {
        Arrays.fill(out, 0, k * k, 0.0);
        int t = 0;
        for (; t + 4 <= rows; t += 4) {
            int o0 = t * k;
            int o1 = o0 + k;
            int o2 = o1 + k;
            int o3 = o2 + k;
            for (int i = 0; i < k; i++) {
                double a0 = filters[o0 + i];
                double a1 = filters[o1 + i];
                double a2 = filters[o2 + i];
                double a3 = filters[o3 + i];
                int row = i * k;
                int j = 0;
                for (; j + 8 <= k; j += 8) {
                    out[row + j] += (a0 * ratios[o0 + j] + a1 * ratios[o1 + j])
                            + (a2 * ratios[o2 + j] + a3 * ratios[o3 + j]);
                    out[row + j + 1] += (a0 * ratios[o0 + j + 1] + a1 * ratios[o1 + j + 1])
                            + (a2 * ratios[o2 + j + 1] + a3 * ratios[o3 + j + 1]);
                    out[row + j + 2] += (a0 * ratios[o0 + j + 2] + a1 * ratios[o1 + j + 2])
                            + (a2 * ratios[o2 + j + 2] + a3 * ratios[o3 + j + 2]);
                    out[row + j + 3] += (a0 * ratios[o0 + j + 3] + a1 * ratios[o1 + j + 3])
                            + (a2 * ratios[o2 + j + 3] + a3 * ratios[o3 + j + 3]);
                    out[row + j + 4] += (a0 * ratios[o0 + j + 4] + a1 * ratios[o1 + j + 4])
                            + (a2 * ratios[o2 + j + 4] + a3 * ratios[o3 + j + 4]);
                    out[row + j + 5] += (a0 * ratios[o0 + j + 5] + a1 * ratios[o1 + j + 5])
                            + (a2 * ratios[o2 + j + 5] + a3 * ratios[o3 + j + 5]);
                    out[row + j + 6] += (a0 * ratios[o0 + j + 6] + a1 * ratios[o1 + j + 6])
                            + (a2 * ratios[o2 + j + 6] + a3 * ratios[o3 + j + 6]);
                    out[row + j + 7] += (a0 * ratios[o0 + j + 7] + a1 * ratios[o1 + j + 7])
                            + (a2 * ratios[o2 + j + 7] + a3 * ratios[o3 + j + 7]);
                }
                for (; j < k; j++) {
                    out[row + j] += (a0 * ratios[o0 + j] + a1 * ratios[o1 + j])
                            + (a2 * ratios[o2 + j] + a3 * ratios[o3 + j]);
                }
            }
        }
        for (; t < rows; t++) {
            int offset = t * k;
            for (int i = 0; i < k; i++) {
                double a = filters[offset + i];
                int row = i * k;
                for (int j = 0; j < k; j++) {
                    out[row + j] += a * ratios[offset + j];
                }
            }
        }
    }

    /** Smooths filter row t (at {@code at} of {@code row}) with {@link #backward}, recording {@code alpha_t / s_t}. */
    private void smoothRow(double[] row, int at, int step) {
        int k = numStates;
        double[] back = backward;
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            double filter = row[at + i];
            sum += filter > 0.0 ? filter * back[i] : 0.0;
        }
        if (!(sum > 0.0 && sum < Double.POSITIVE_INFINITY)) {
            // Unreachable while the precision invariant holds; fail loudly rather than return NaN.
            throw new IllegalStateException("gradient: smoothed row " + step + " sums to " + sum);
        }
        int offset = step * k;
        for (int i = 0; i < k; i++) {
            double filter = row[at + i];
            normalisedFilters.data[offset + i] = filter / sum;
            // A state the filter ruled out stays exactly 0, whatever the backward entry holds.
            row[at + i] = filter > 0.0 ? (filter * back[i]) / sum : 0.0;
        }
    }

    private void ensureCapacity(int numSteps) {
        if (predictions.length < numSteps * numStates) {
            predictions = new double[numSteps * numStates];
        }
    }

    private void clear(int numSteps, double[] countsOut, int countsFrom) {
        for (int t = 0; t < numSteps; t++) {
            int at = gamma.offset(t);
            Arrays.fill(gamma.array(t), at, at + numStates, 0.0);
        }
        Arrays.fill(countsOut, countsFrom, countsFrom + numStates * numStates, 0.0);
    }
}
