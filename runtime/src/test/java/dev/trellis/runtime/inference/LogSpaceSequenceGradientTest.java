package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The log-space gradient pass (the fallback {@link SequenceGradientPass} takes for models beyond double range)
 * against enumeration of every path in log space: log-likelihood, marginals and expected transition counts.
 *
 * <p>Log-table entries are dyadic numbers with few significant bits, so every path's log-joint is exact and the
 * oracle rounds only in its exponentials and its final sums: tolerances are 1e-12 relative.
 */
class LogSpaceSequenceGradientTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void aStateThatEvidenceLaterPutsFarBehindKeepsItsShareOfTheEarlierSteps() {
        // States are fixed (identity transitions). Steps 0 and 1 cannot tell them apart; step 2 puts state 1 e^1000
        // behind. Before step 2 both states carry half the filter but state 1's future is worth e^-1000: smoothing
        // must weigh the two by filter and future together.
        double[] logInit = {-0.75, -0.75};
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};
        double[][] logEvidence = {{-0.5, -0.5}, {-1.25, -1.25}, {0.0, -1000.0}};
        checkAgainstBruteForce(logInit, logTrans, logEvidence);
    }

    @Test
    void randomModelsWithTransitionsSpanningBeyondDoubleRangeMatchEnumeration() {
        SplittableRandom random = new SplittableRandom(17);
        double[] choices = {0.0, -0.5, -1.5, -3.25, -400.5, -900.75, NEG_INF};
        int checked = 0;
        for (int trial = 0; trial < 30; trial++) {
            int k = 2 + random.nextInt(2);
            double[] logInit = new double[k];
            for (int i = 0; i < k; i++) {
                logInit[i] = -random.nextInt(8) / 4.0;
            }
            double[][] logTrans = new double[k][k];
            for (double[] row : logTrans) {
                for (int j = 0; j < k; j++) {
                    row[j] = choices[random.nextInt(choices.length)];
                }
                row[random.nextInt(k)] = 1.25;   // every state has a successor; potentials need not be normalised
            }
            logTrans[0][0] = -900.75;   // column 0 spans beyond double range: the whole pass runs in log space
            logTrans[k - 1][0] = 0.0;
            double[][] logEvidence = new double[2 + random.nextInt(3)][k];
            for (double[] row : logEvidence) {
                for (int j = 0; j < k; j++) {
                    row[j] = choices[random.nextInt(choices.length)];
                }
            }
            checked += checkAgainstBruteForce(logInit, logTrans, logEvidence) ? 1 : 0;
        }
        assertEquals(true, checked >= 15, "only " + checked + " of the models had possible evidence");
    }

    /** Returns whether the evidence was possible; checks the pass either way. */
    private static boolean checkAgainstBruteForce(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int k = logInit.length;
        int numSteps = logEvidence.length;
        String model = "logInit=" + Arrays.toString(logInit) + ", logTrans=" + Arrays.deepToString(logTrans)
                + ", logEvidence=" + Arrays.deepToString(logEvidence);
        int numPaths = (int) Math.pow(k, numSteps);
        double[] logJoint = new double[numPaths];
        double max = NEG_INF;
        for (int p = 0; p < numPaths; p++) {
            int[] path = path(p, k, numSteps);
            double value = logInit[path[0]] + logEvidence[0][path[0]];
            for (int t = 1; t < numSteps; t++) {
                value += logTrans[path[t - 1]][path[t]] + logEvidence[t][path[t]];
            }
            logJoint[p] = value;
            max = Math.max(max, value);
        }
        double[][] marginals = new double[numSteps][k];
        double[] counts = new double[k * k];
        double result = new SequenceGradientPass(k).run(ScaledTransitionMatrix.of(logTrans), logInit, logTrans,
                logEvidence, marginals, counts);
        if (max == NEG_INF) {
            assertEquals(NEG_INF, result, model);
            return false;
        }
        double sum = 0.0;
        for (double value : logJoint) {
            sum += Math.exp(value - max);
        }
        double logZ = max + Math.log(sum);
        double[][] expectedMarginals = new double[numSteps][k];
        double[] expectedCounts = new double[k * k];
        for (int p = 0; p < numPaths; p++) {
            double weight = Math.exp(logJoint[p] - logZ);
            int[] path = path(p, k, numSteps);
            for (int t = 0; t < numSteps; t++) {
                expectedMarginals[t][path[t]] += weight;
                if (t + 1 < numSteps) {
                    expectedCounts[path[t] * k + path[t + 1]] += weight;
                }
            }
        }
        assertEquals(logZ, result, 1e-12 * Math.max(1.0, Math.abs(logZ)), "log-likelihood, " + model);
        for (int t = 0; t < numSteps; t++) {
            for (int i = 0; i < k; i++) {
                assertEquals(expectedMarginals[t][i], marginals[t][i], 1e-12 * expectedMarginals[t][i] + 1e-300,
                        "marginal [" + t + "][" + i + "], " + model);
            }
        }
        for (int index = 0; index < k * k; index++) {
            assertEquals(expectedCounts[index], counts[index], 1e-12 * expectedCounts[index] + 1e-300,
                    "count [" + index / k + "][" + index % k + "], " + model);
        }
        return true;
    }

    private static int[] path(int index, int k, int numSteps) {
        int[] path = new int[numSteps];
        for (int t = numSteps - 1; t >= 0; t--) {
            path[t] = index % k;
            index /= k;
        }
        return path;
    }
}
