package dev.trellis.runtime.inference;

import static dev.trellis.runtime.inference.ChainKernelsBruteForceTest.assertLogsClose;
import static dev.trellis.runtime.inference.ChainKernelsBruteForceTest.assertRelativelyClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Models whose probabilities span more than double range within one step, where a scaled pass would flush a
 * state to 0 that later decides the answer. The kernels must notice and give the exact answers anyway.
 *
 * <p>The oracle is brute force in log space. Every log-table entry here is a dyadic number with few
 * significant bits (e.g. -800.5, -2.25), so every path's log-joint is an exact double and the oracle's only
 * rounding is in its final exp and log-sum-exp, ~1e-15: tolerances stay at 1e-12 relative, even for marginals
 * of 1e-87.
 */
class LogSpaceFallbackTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void aStateFlushedByAnOutlierIsRecoveredWhenLaterEvidenceFavoursIt() {
        // The state never changes (a mixture over whole sequences): step 0 favours state 0 by e^800, the next 200
        // steps favour state 1 by e^5 each, so state 1 wins by e^200 overall.
        double[] logInit = {-0.5, -1.5};
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};
        double[][] logEvidence = new double[201][];
        logEvidence[0] = new double[] {0.0, -800.0};
        for (int t = 1; t <= 200; t++) {
            logEvidence[t] = new double[] {-5.0, 0.0};
        }
        checkAgainstLogSpaceBruteForce(logInit, logTrans, logEvidence);
        assertArrayEquals(filled(201, 1), ChainKernels.viterbi(logInit, logTrans, logEvidence).path());
        assertArrayEquals(filled(201, 1), ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(1)));
    }

    @Test
    void evidenceThatOnlyAFlushedStateExplainsIsNotImpossible() {
        double[] logInit = {0.0, -740.0};   // e^-740 is a subnormal double: scaled space cannot carry it exactly
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};
        double[][] logEvidence = {{0.0, 0.0}, {-1.0, -2.0}, {NEG_INF, -0.25}};
        double logLikelihood = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        assertEquals(-742.25, logLikelihood, 0.0);
        assertArrayEquals(new double[][] {{0, 1}, {0, 1}, {0, 1}}, ChainKernels.marginals(logInit, logTrans, logEvidence));
        assertArrayEquals(new int[] {1, 1, 1}, ChainKernels.viterbi(logInit, logTrans, logEvidence).path());
        assertArrayEquals(new int[] {1, 1, 1},
                ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(2)));
    }

    @Test
    void transitionsSpanningMoreThanDoubleRangeAreHandledInLogSpace() {
        SplittableRandom random = new SplittableRandom(31);
        double[] choices = {0.0, -1.5, -3.25, -400.5, -900.75, NEG_INF};
        for (int trial = 0; trial < 20; trial++) {
            double[] logInit = {-0.5, -1.25, -2.0};
            double[][] logTrans = new double[3][3];
            for (double[] row : logTrans) {
                for (int j = 0; j < 3; j++) {
                    row[j] = choices[random.nextInt(choices.length)];
                }
                row[random.nextInt(3)] = -0.75;   // every state has a successor
            }
            double[][] logEvidence = new double[6][3];
            for (double[] row : logEvidence) {
                for (int j = 0; j < 3; j++) {
                    row[j] = choices[random.nextInt(choices.length - 1)];
                }
            }
            checkAgainstLogSpaceBruteForce(logInit, logTrans, logEvidence);
        }
    }

    @Test
    void theStreamingPassLeavesLogSpaceOnceTheFilterIsCompactAgain() {
        double[] logInit = {-1.0, -1.0, -1.0};
        double[][] logTrans = {{-0.25, -2.0, -3.0}, {-2.0, -0.25, -3.0}, {-1.0, -1.0, -1.0}};
        SplittableRandom random = new SplittableRandom(8);
        double[][] logEvidence = new double[300][];
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        boolean visitedLogSpace = false;
        for (int t = 0; t < 300; t++) {
            double[] row = {-random.nextInt(8) / 4.0, -random.nextInt(8) / 4.0, -random.nextInt(8) / 4.0};
            if (t % 50 == 10) {
                row[t % 3] -= 1000.0;   // an outlier step: one state e^-1000 behind
            }
            logEvidence[t] = row;
            forward.observe(row);
            visitedLogSpace |= forward.isInLogSpace();
        }
        assertTrue(visitedLogSpace, "the outliers should have forced log-space steps");
        assertFalse(forward.isInLogSpace(), "the pass should be back in scaled space");
        double reference = LogSpaceChainReference.logLikelihood(logInit, logTrans, logEvidence);
        assertEquals(reference, forward.logLikelihood(), 1e-12 * Math.abs(reference));
        assertEquals(forward.logLikelihood(), ChainKernels.logLikelihood(logInit, logTrans, logEvidence), 0.0);
    }

    @Test
    void ordinaryModelsStayInScaledSpace() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(4), 4, 5, 500, 0.3, true);
        ForwardAccumulator forward = new ForwardAccumulator(hmm.logInit(), hmm.logTrans());
        for (double[] row : hmm.logEvidence()) {
            forward.observe(row);
            assertFalse(forward.isInLogSpace());
        }
        double[][] alpha = new double[500][4];
        assertEquals(-1, ScaledForwardKernels.filter(ScaledTransitionMatrix.of(hmm.logTrans()), hmm.logInit(),
                hmm.logEvidence(), alpha, null));
    }

    /** Compares likelihood, marginals and the Viterbi log-joint with enumeration of all paths in log space. */
    private static void checkAgainstLogSpaceBruteForce(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        int k = logInit.length;
        int numSteps = logEvidence.length;
        String model = "logInit=" + Arrays.toString(logInit) + ", logTrans=" + Arrays.deepToString(logTrans)
                + ", T=" + numSteps;
        // Paths with a fixed state (identity rows) are enumerated cheaply: only they have positive weight.
        boolean identity = isIdentity(logTrans);
        int[][] paths = identity ? constantPaths(k, numSteps) : allPaths(k, numSteps);
        double[] logJoint = new double[paths.length];
        for (int p = 0; p < paths.length; p++) {
            logJoint[p] = ChainKernelsBruteForceTest.logJoint(logInit, logTrans, logEvidence, paths[p]);
        }
        double logZ = logSumExp(logJoint, p -> true);
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (double[] row : logEvidence) {
            forward.observe(row);
        }
        if (logZ == NEG_INF) {
            assertEquals(NEG_INF, forward.logLikelihood(), model);
            return;
        }
        assertLogsClose(logZ, ChainKernels.logLikelihood(logInit, logTrans, logEvidence), "logLikelihood, " + model);
        assertEquals(ChainKernels.logLikelihood(logInit, logTrans, logEvidence), forward.logLikelihood(), 0.0);
        double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
        for (int t = 0; t < numSteps; t++) {
            for (int state = 0; state < k; state++) {
                int step = t;
                int s = state;
                double expected = Math.exp(logSumExp(logJoint, p -> paths[p][step] == s) - logZ);
                assertRelativelyClose(expected, marginals[t][state], "marginal [" + t + "][" + state + "], " + model);
            }
        }
        double best = Arrays.stream(logJoint).max().orElseThrow();
        assertLogsClose(best, ChainKernels.viterbi(logInit, logTrans, logEvidence).logJoint(), "viterbi, " + model);
        int[] sample = ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(5));
        assertTrue(ChainKernelsBruteForceTest.logJoint(logInit, logTrans, logEvidence, sample) > NEG_INF, model);
    }

    private static double logSumExp(double[] values, java.util.function.IntPredicate include) {
        double max = NEG_INF;
        for (int i = 0; i < values.length; i++) {
            if (include.test(i)) {
                max = Math.max(max, values[i]);
            }
        }
        if (max == NEG_INF) {
            return NEG_INF;
        }
        double sum = 0.0;
        for (int i = 0; i < values.length; i++) {
            if (include.test(i)) {
                sum += Math.exp(values[i] - max);
            }
        }
        return max + Math.log(sum);
    }

    private static boolean isIdentity(double[][] logTrans) {
        for (int i = 0; i < logTrans.length; i++) {
            for (int j = 0; j < logTrans.length; j++) {
                if ((i == j) != (logTrans[i][j] > NEG_INF)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int[][] constantPaths(int k, int numSteps) {
        int[][] paths = new int[k][];
        for (int state = 0; state < k; state++) {
            paths[state] = filled(numSteps, state);
        }
        return paths;
    }

    private static int[][] allPaths(int k, int numSteps) {
        int count = (int) Math.round(Math.pow(k, numSteps));
        int[][] paths = new int[count][numSteps];
        for (int p = 0; p < count; p++) {
            int index = p;
            for (int t = numSteps - 1; t >= 0; t--) {
                paths[p][t] = index % k;
                index /= k;
            }
        }
        return paths;
    }

    private static int[] filled(int length, int value) {
        int[] out = new int[length];
        Arrays.fill(out, value);
        return out;
    }
}
