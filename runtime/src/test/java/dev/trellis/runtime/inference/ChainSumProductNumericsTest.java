package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Long sequences and the log-space fallback, against closed forms and the naive log-space reference.
 *
 * <p>The reference (a renormalised log-space recursion written here) keeps every log O(1), so its marginals are
 * good to a few ulps and its log-likelihood, a compensated sum of per-step normalisers, to about 1e-16
 * relative; the tolerances below leave the kernel three to four orders of magnitude above that.
 */
class ChainSumProductNumericsTest {

    @Test
    void aSequenceOfOneHundredThousandStepsMatchesTheLogSpaceReference() {
        int steps = 100_000;
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(3), 3, 1, steps, steps, 0.0, false);
        double[][] evidence = plate.logEvidence()[0];
        PlateGradient gradient = PlateGradient.of(plate);
        // Every path probability is around e^-1e5, far below the smallest double: only scaling keeps this finite.
        assertTrue(Double.isFinite(gradient.logLikelihood()));

        Reference reference = new Reference(plate.logInit(), plate.logTrans(), evidence);
        assertEquals(reference.logZ, gradient.logLikelihood(), 1e-12 * Math.abs(reference.logZ));
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(reference.marginals[t][k], gradient.dLogEvidence()[0][t][k], 1e-12);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(reference.marginals[0][i], gradient.dLogInit()[i], 1e-12);
            for (int j = 0; j < 3; j++) {
                // Counts ~ 1e4, sums of 1e5 terms of a few ulps each: 1e-12 relative is a margin of ~100.
                assertEquals(reference.counts[i][j], gradient.dLogTrans()[i][j], 1e-12 * reference.counts[i][j]);
            }
        }
        double streamed = new ChainSumProduct(3).logLikelihood(plate.logInit(), plate.logTrans(),
                plate.logEvidence(), null);
        assertEquals(gradient.logLikelihood(), streamed, 0.0);
    }

    @Test
    void aStateRuledOutByEToTheMinus800ThenFavouredAgainIsKeptByTheLogSpaceFallback() {
        // A fixed hidden state (identity transitions) and evidence that first favours state 0 by e^800, then
        // state 1 by e^5 for 200 steps. Scaled space would flush state 1 to 0 at step 0. Closed form:
        // log p = log(0.5 e^0 + 0.5 e^200), P(state 1) = 1 / (1 + e^-200) at every step.
        int steps = 201;
        double[] logInit = {Math.log(0.5), Math.log(0.5)};
        double[][] logTrans = {{0.0, Double.NEGATIVE_INFINITY}, {Double.NEGATIVE_INFINITY, 0.0}};
        double[][] evidence = new double[steps][];
        evidence[0] = new double[] {0.0, -800.0};
        for (int t = 1; t < steps; t++) {
            evidence[t] = new double[] {0.0, 5.0};
        }
        RandomPlate plate = new RandomPlate(logInit, logTrans, new double[][][] {evidence}, null);
        assertEquals(ScaledForwardKernels.NEEDS_LOG_SPACE, ScaledForwardKernels.filter(
                ScaledTransitionMatrix.of(logTrans), logInit, evidence, new double[steps][2], null));
        PlateGradient gradient = PlateGradient.of(plate);

        double pState0 = Math.exp(-200) / (1 + Math.exp(-200));
        assertEquals(Math.log(0.5) + 200 + Math.log1p(Math.exp(-200)), gradient.logLikelihood(), 1e-13);
        for (double[] row : gradient.dLogEvidence()[0]) {
            assertEquals(pState0, row[0], 1e-12 * pState0);
            assertEquals(1 - pState0, row[1], 1e-15);
        }
        assertEquals(200 * pState0, gradient.dLogTrans()[0][0], 1e-12 * 200 * pState0);
        assertEquals(200 * (1 - pState0), gradient.dLogTrans()[1][1], 1e-13);
        assertEquals(0.0, gradient.dLogTrans()[0][1], 0.0);
        assertEquals(0.0, gradient.dLogTrans()[1][0], 0.0);
    }

    @Test
    void sequencesOfWideRangedEvidenceMatchTheReferenceAmongOrdinaryOnes() {
        RandomPlate base = RandomPlate.draw(new SplittableRandom(11), 3, 4, 2, 8, 0.0, true);
        // Sequences 1 and 3 get log-potentials spanning +-1000: they need log space, the others do not.
        for (int s : new int[] {1, 3}) {
            for (double[] row : base.logEvidence()[s]) {
                for (int k = 0; k < 3; k++) {
                    row[k] *= 300;
                }
            }
            assertEquals(ScaledForwardKernels.NEEDS_LOG_SPACE, ScaledForwardKernels.filter(
                    ScaledTransitionMatrix.of(base.logTrans()), base.logInit(), base.logEvidence()[s],
                    new double[base.logEvidence()[s].length][3], null));
        }
        PlateGradient gradient = PlateGradient.of(base);
        double expectedTotal = 0.0;
        double[][] expectedCounts = new double[3][3];
        for (int s = 0; s < 4; s++) {
            double w = base.weight(s);
            Reference reference = new Reference(base.logInit(), base.logTrans(), base.logEvidence()[s]);
            expectedTotal += w * reference.logZ;
            for (int t = 0; t < reference.marginals.length; t++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(w * reference.marginals[t][k], gradient.dLogEvidence()[s][t][k], 1e-12);
                }
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expectedCounts[i][j] += w * reference.counts[i][j];
                }
            }
        }
        assertEquals(expectedTotal, gradient.logLikelihood(), 1e-12 * Math.abs(expectedTotal));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expectedCounts[i][j], gradient.dLogTrans()[i][j], 1e-12 * Math.max(1, expectedCounts[i][j]));
            }
        }
        // The likelihood-only entry leaves log space step by step rather than per sequence: same value to rounding.
        double streamed = new ChainSumProduct(3).logLikelihood(base.logInit(), base.logTrans(), base.logEvidence(),
                base.weights());
        assertEquals(gradient.logLikelihood(), streamed, 1e-12 * Math.abs(expectedTotal));
    }

    /**
     * Log-likelihood, marginals and expected transition counts from log-space recursions that renormalise every
     * step: log-alphas and log-betas stay O(1) (each shifted by its own log-sum-exp), so marginals and pairwise
     * marginals, each normalised on its own, are good to a few ulps at any length, and logZ is a compensated
     * sum of per-step normalisers. (The textbook {@link LogSpaceChainReference} lets the logs grow to |logZ|
     * and loses ~1e-9 relative over 1e5 steps, too coarse to check the kernel.)
     */
    private static final class Reference {
        final double logZ;
        final double[][] marginals;
        final double[][] counts;

        Reference(double[] logInit, double[][] logTrans, double[][] logEvidence) {
            int k = logInit.length;
            int steps = logEvidence.length;
            double[][] alpha = new double[steps][k];
            double[][] beta = new double[steps][k];
            double sum = 0.0;
            double compensation = 0.0;
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < k; j++) {
                    double value = LogSemiring.ZERO;
                    if (t == 0) {
                        value = logInit[j];
                    } else {
                        for (int i = 0; i < k; i++) {
                            value = LogSemiring.SUM_PRODUCT.plus(value, alpha[t - 1][i] + logTrans[i][j]);
                        }
                    }
                    alpha[t][j] = value + logEvidence[t][j];
                }
                double normaliser = shiftToLogSumExpZero(alpha[t]);
                double next = sum + normaliser;
                compensation += Math.abs(sum) >= Math.abs(normaliser) ? (sum - next) + normaliser
                        : (normaliser - next) + sum;
                sum = next;
            }
            logZ = sum + compensation;
            for (int t = steps - 2; t >= 0; t--) {
                for (int i = 0; i < k; i++) {
                    double value = LogSemiring.ZERO;
                    for (int j = 0; j < k; j++) {
                        value = LogSemiring.SUM_PRODUCT.plus(value, logTrans[i][j] + logEvidence[t + 1][j]
                                + beta[t + 1][j]);
                    }
                    beta[t][i] = value;
                }
                shiftToLogSumExpZero(beta[t]);
            }
            marginals = new double[steps][k];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < k; i++) {
                    marginals[t][i] = alpha[t][i] + beta[t][i];
                }
                shiftToLogSumExpZero(marginals[t]);
                for (int i = 0; i < k; i++) {
                    marginals[t][i] = Math.exp(marginals[t][i]);
                }
            }
            counts = new double[k][k];
            double[] pair = new double[k * k];
            for (int t = 1; t < steps; t++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        pair[i * k + j] = alpha[t - 1][i] + logTrans[i][j] + logEvidence[t][j] + beta[t][j];
                    }
                }
                shiftToLogSumExpZero(pair);
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        counts[i][j] += Math.exp(pair[i * k + j]);
                    }
                }
            }
        }

        /** Subtracts the log-sum-exp of the values from each and returns it. */
        private static double shiftToLogSumExpZero(double[] values) {
            double total = LogSemiring.SUM_PRODUCT.sum(values);
            for (int i = 0; i < values.length; i++) {
                values[i] -= total;
            }
            return total;
        }
    }
}
