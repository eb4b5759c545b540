package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Posterior marginals {@code p(z_t = k | x_0..x_{T-1})} by forward-backward in scaled probability space.
 *
 * <p>The forward pass keeps the normalised filters {@code alpha_t} and the one-step predictions
 * {@code pred_t = scaled^T alpha_{t-1}}. The backward vector is the classic scaled one, {@code beta_t =
 * scaled (g_{t+1} * beta_{t+1})}, where {@code g_{t+1}(j) = alpha_{t+1}(j) / pred_{t+1}(j)} is the evidence
 * weight of step t+1 divided by that step's normaliser: the same normalisers as the forward pass, so
 * {@code alpha_t * beta_t} is the marginal itself. It is evaluated as
 * <pre>gamma_t = alpha_t * (scaled (gamma_{t+1} / pred_{t+1})),  renormalised per row,</pre>
 * using {@code g_{t+1} * beta_{t+1} = gamma_{t+1} / pred_{t+1}}. That form carries the marginals instead of
 * beta, so there is no separate beta vector that can overflow where {@code alpha} is tiny, the per-row
 * renormalisation stops rounding drift over long sequences, and the marginal output array doubles as the
 * storage of the filters. All terms are products and sums of non-negative numbers, so a marginal of 1e-100
 * keeps a relative error of a few ulps per step; log-space {@code alpha + beta - logZ} would instead lose
 * about {@code |logZ|} ulps of absolute accuracy to cancellation.
 *
 * <p>Under the forward pass's precision invariant every prediction is at least 2^-1000, so every ratio is
 * finite and every smoothed row has a positive finite sum; when the forward pass cannot keep the invariant
 * this class declines and the caller uses {@link LogSpaceChainPasses#marginals}.
 */
final class ScaledForwardBackward {

    private ScaledForwardBackward() {
    }

    /**
     * Computes every posterior marginal.
     *
     * @param trans the scaled transition matrix; not modified
     * @param logInit K initial log-probabilities; not modified
     * @param logEvidence T x K log-likelihoods, validated; not modified
     * @return a new T x K array whose rows sum to 1, or null when scaled space would lose precision
     * @throws ImpossibleEvidenceException naming the first step with zero mass
     */
    static double @Nullable [][] marginals(ScaledTransitionMatrix trans, double[] logInit, double[][] logEvidence) {
        int numSteps = logEvidence.length;
        int k = trans.numStates();
        double[][] gamma = new double[numSteps][k];
        double[][] predicted = new double[numSteps][k];
        int outcome = ScaledForwardKernels.filter(trans, logInit, logEvidence, gamma, predicted);
        if (outcome == ScaledForwardKernels.NEEDS_LOG_SPACE) {
            return null;
        }
        if (outcome >= 0) {
            throw new ImpossibleEvidenceException(outcome, "marginals");
        }
        // gamma[T-1] is alpha[T-1]; every earlier row is turned from alpha_t into gamma_t in place.
        DMatrixRMaj ratio = new DMatrixRMaj(k, 1);
        DMatrixRMaj backward = new DMatrixRMaj(k, 1);
        for (int t = numSteps - 2; t >= 0; t--) {
            double[] next = gamma[t + 1];
            double[] prediction = predicted[t + 1];
            for (int j = 0; j < k; j++) {
                // pred = 0 implies alpha = gamma = 0 there: that state contributes nothing to step t.
                ratio.data[j] = prediction[j] > 0.0 ? next[j] / prediction[j] : 0.0;
            }
            CommonOps_DDRM.mult(trans.scaled, ratio, backward);
            smoothRow(gamma[t], backward.data, t, k);
        }
        return gamma;
    }

    /** Multiplies the filter {@code row} by the backward vector and renormalises; modifies {@code row}. */
    private static void smoothRow(double[] row, double[] backward, int step, int k) {
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            // A state the filter ruled out stays exactly 0, whatever the backward entry holds.
            double value = row[i] > 0.0 ? row[i] * backward[i] : 0.0;
            row[i] = value;
            sum += value;
        }
        if (!(sum > 0.0 && sum < Double.POSITIVE_INFINITY)) {
            // Unreachable while the precision invariant holds; fail loudly rather than return NaN.
            throw new IllegalStateException("marginals: smoothed row " + step + " sums to " + sum);
        }
        for (int i = 0; i < k; i++) {
            row[i] /= sum;
        }
    }
}
