package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.random.Rng;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chain kernels' flat-row entry points (T rows of K at an offset of one array, as the elimination engine keeps a
 * plate's evidence and posteriors) give the bits of the nested {@code double[T][K]} ones: scaled passes, the
 * log-space fallback and impossible evidence alike.
 */
class FlatRowKernelsTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void flatRowsGiveTheBitsOfNestedRowsOnRandomChains() {
        SplittableRandom random = new SplittableRandom(41);
        for (int trial = 0; trial < 60; trial++) {
            int k = 1 + random.nextInt(6);
            int length = 1 + random.nextInt(12);
            RandomHmm hmm = RandomHmm.draw(random, k, 3, length, 0.25, trial % 3 != 0);
            checkSame(hmm.logInit(), hmm.logTrans(), hmm.logEvidence(), "trial " + trial);
        }
    }

    @Test
    void flatRowsGiveTheBitsOfNestedRowsInTheLogSpaceFallback() {
        double[] logInit = {-0.5, -1.5};
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};
        double[][] logEvidence = new double[41][];
        logEvidence[0] = new double[] {0.0, -800.0};
        for (int t = 1; t < logEvidence.length; t++) {
            logEvidence[t] = new double[] {-5.0, 0.0};
        }
        checkSame(logInit, logTrans, logEvidence, "separated states");
    }

    private static void checkSame(double[] logInit, double[][] logTrans, double[][] logEvidence, String what) {
        int k = logInit.length;
        int steps = logEvidence.length;
        int from = 3 * k + 1;   // rows start inside a larger array
        double[] flat = new double[from + steps * k + 2];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(logEvidence[t], 0, flat, from + t * k, k);
        }
        ScaledTransitionMatrix trans = ScaledTransitionMatrix.of(logTrans);

        double[][] nestedMarginals = new double[steps][k];
        double[] nestedCounts = new double[k * k];
        double nested = new SequenceGradientPass(k).run(trans, logInit, logTrans, logEvidence, nestedMarginals,
                nestedCounts);
        int marginalsFrom = 5;
        double[] flatMarginals = new double[marginalsFrom + steps * k];
        double[] flatCounts = new double[2 + k * k];
        double flatResult = new SequenceGradientPass(k).run(trans, logInit, logTrans, flat, from, steps,
                flatMarginals, marginalsFrom, flatCounts, 2);
        assertEquals(nested, flatResult, 0.0, what + ": log-likelihood");
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                assertEquals(nestedMarginals[t][j], flatMarginals[marginalsFrom + t * k + j], 0.0,
                        what + ": marginal [" + t + "][" + j + "]");
            }
        }
        for (int c = 0; c < k * k; c++) {
            assertEquals(nestedCounts[c], flatCounts[2 + c], 0.0, what + ": count " + c);
        }
        if (nested == NEG_INF) {
            return;
        }
        assertArrayEquals(ChainKernels.viterbi(logInit, logTrans, logEvidence).path(),
                ChainKernels.viterbi(logInit, logTrans, flat, from, steps).path(), what + ": Viterbi path");
        assertEquals(ChainKernels.viterbi(logInit, logTrans, logEvidence).logJoint(),
                ChainKernels.viterbi(logInit, logTrans, flat, from, steps).logJoint(), 0.0, what + ": Viterbi score");
        assertArrayEquals(ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(7)),
                ChainKernels.samplePosterior(logInit, logTrans, flat, from, steps, Rng.seeded(7)), what + ": draw");

        ForwardAccumulator nestedForward = new ForwardAccumulator(logInit, logTrans);
        ForwardAccumulator flatForward = new ForwardAccumulator(logInit, logTrans);
        for (int t = 0; t < steps; t++) {
            nestedForward.observe(logEvidence[t]);
            flatForward.observeValidated(flat, from + t * k);
        }
        assertEquals(nestedForward.logLikelihood(), flatForward.logLikelihood(), 0.0, what + ": streamed");
    }
}
