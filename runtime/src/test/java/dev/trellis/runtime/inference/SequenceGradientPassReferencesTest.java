package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SequenceGradientPass} against enumeration of every state path on short chains, and against a textbook
 * forward-backward on chains long enough for its four-steps-at-a-time pass over the transition counts, at state
 * counts that run the eight-wide pass along a row once, twice and with remainders (K = 3 to 17): the log-likelihood,
 * every step's marginals and the expected transition counts.
 */
class SequenceGradientPassReferencesTest {

    private static final int[] STATE_COUNTS = {3, 8, 9, 16, 17};

    @Test
    void likelihoodMarginalsAndCountsAreThoseOfEveryPathEnumerated() {
        SplittableRandom random = new SplittableRandom(11);
        for (int k : STATE_COUNTS) {
            for (int steps = 2; steps <= 3; steps++) {
                Chain chain = Chain.random(random, k, steps);
                checkEnumerated(chain, chain.run());
            }
        }
    }

    @Test
    void longerChainsAgreeWithATextbookForwardBackward() {
        SplittableRandom random = new SplittableRandom(12);
        for (int k : STATE_COUNTS) {
            for (int steps : new int[] {5, 6, 9, 10}) {
                Chain chain = Chain.random(random, k, steps);
                checkTextbook(chain, chain.run());
            }
        }
    }

    /** A random chain of K states and T steps: initial and transition log-probabilities, mild log-evidence. */
    private record Chain(int k, int steps, double[] logInit, double[][] logTrans, double[][] logEvidence) {

        static Chain random(SplittableRandom random, int k, int steps) {
            double[][] logTrans = new double[k][];
            for (int i = 0; i < k; i++) {
                logTrans[i] = logSimplex(random, k);
            }
            double[][] logEvidence = new double[steps][k];
            for (double[] row : logEvidence) {
                for (int j = 0; j < k; j++) {
                    row[j] = -3.0 * random.nextDouble();
                }
            }
            return new Chain(k, steps, logSimplex(random, k), logTrans, logEvidence);
        }

        Pass run() {
            double[][] marginals = new double[steps][k];
            double[] counts = new double[k * k];
            double logZ = new SequenceGradientPass(k).run(ScaledTransitionMatrix.of(logTrans), logInit, logTrans,
                    logEvidence, marginals, counts);
            return new Pass(logZ, marginals, counts);
        }
    }

    /** What the pass computed: log p(x), the marginals and the expected transition counts. */
    private record Pass(double logZ, double[][] marginals, double[] counts) {}

    /**
     * Unnormalised forward and backward messages in probability space (the chains are short and the evidence mild,
     * so nothing underflows): alpha_t(j) = sum_i alpha_{t-1}(i) A(i, j) e_t(j), beta_t(i) = sum_j A(i, j) e_{t+1}(j)
     * beta_{t+1}(j); marginals alpha beta / Z, pair counts alpha_{t-1}(i) A(i, j) e_t(j) beta_t(j) / Z.
     */
    private static void checkTextbook(Chain chain, Pass pass) {
        int k = chain.k();
        int steps = chain.steps();
        double[] logInit = chain.logInit();
        double[][] logTrans = chain.logTrans();
        double[][] logEvidence = chain.logEvidence();
        double[][] alpha = new double[steps][k];
        double[][] beta = new double[steps][k];
        for (int j = 0; j < k; j++) {
            alpha[0][j] = Math.exp(logInit[j] + logEvidence[0][j]);
            beta[steps - 1][j] = 1.0;
        }
        for (int t = 1; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < k; i++) {
                    alpha[t][j] += alpha[t - 1][i] * Math.exp(logTrans[i][j]);
                }
                alpha[t][j] *= Math.exp(logEvidence[t][j]);
            }
        }
        for (int t = steps - 2; t >= 0; t--) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    beta[t][i] += Math.exp(logTrans[i][j] + logEvidence[t + 1][j]) * beta[t + 1][j];
                }
            }
        }
        double z = 0.0;
        for (int j = 0; j < k; j++) {
            z += alpha[steps - 1][j];
        }
        String at = "K = " + k + ", T = " + steps;
        assertEquals(Math.log(z), pass.logZ(), 1e-12 * Math.abs(Math.log(z)), at);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                assertEquals(alpha[t][j] * beta[t][j] / z, pass.marginals()[t][j], 1e-12,
                        at + ", marginal " + t + "," + j);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double expected = 0.0;
                for (int t = 1; t < steps; t++) {
                    expected += alpha[t - 1][i] * Math.exp(logTrans[i][j] + logEvidence[t][j]) * beta[t][j];
                }
                assertEquals(expected / z, pass.counts()[i * k + j], 1e-12, at + ", count " + i + "," + j);
            }
        }
    }

    /** Sums every path's weight exactly as written: p(path, x), then the posterior expectations. */
    private static void checkEnumerated(Chain chain, Pass pass) {
        int k = chain.k();
        int steps = chain.steps();
        double[] logInit = chain.logInit();
        double[][] logTrans = chain.logTrans();
        double[][] logEvidence = chain.logEvidence();
        int paths = (int) Math.pow(k, steps);
        double total = 0.0;
        double[][] expectedMarginals = new double[steps][k];
        double[] expectedCounts = new double[k * k];
        int[] path = new int[steps];
        for (int code = 0; code < paths; code++) {
            int rest = code;
            for (int t = 0; t < steps; t++) {
                path[t] = rest % k;
                rest /= k;
            }
            double logWeight = logInit[path[0]] + logEvidence[0][path[0]];
            for (int t = 1; t < steps; t++) {
                logWeight += logTrans[path[t - 1]][path[t]] + logEvidence[t][path[t]];
            }
            double weight = Math.exp(logWeight);
            total += weight;
            for (int t = 0; t < steps; t++) {
                expectedMarginals[t][path[t]] += weight;
                if (t > 0) {
                    expectedCounts[path[t - 1] * k + path[t]] += weight;
                }
            }
        }
        String at = "K = " + k + ", T = " + steps;
        assertEquals(Math.log(total), pass.logZ(), 1e-12 * Math.abs(Math.log(total)), at);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                assertEquals(expectedMarginals[t][j] / total, pass.marginals()[t][j], 1e-12,
                        at + ", marginal " + t + "," + j);
            }
        }
        for (int e = 0; e < k * k; e++) {
            assertEquals(expectedCounts[e] / total, pass.counts()[e], 1e-12, at + ", count " + e);
        }
    }

    private static double[] logSimplex(SplittableRandom random, int k) {
        double[] weights = new double[k];
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            weights[i] = 0.05 + random.nextDouble();
            sum += weights[i];
        }
        for (int i = 0; i < k; i++) {
            weights[i] = Math.log(weights[i] / sum);
        }
        return weights;
    }
}
