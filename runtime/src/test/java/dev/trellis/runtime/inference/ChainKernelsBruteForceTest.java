package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chain kernel against enumeration of all K^T paths, on random HMMs with 1-4 states, 1-5 symbols and
 * 1-10 steps, with and without exact zeros in the tables, and with evidence that is sometimes impossible.
 *
 * <p>Tolerance: 1e-12 relative for every marginal (a marginal that is exactly 0 must come out exactly 0) and
 * 1e-12 relative for the likelihood and the Viterbi joint probability, i.e. an absolute 1e-12 on their logs.
 * (Relative error of a log is the wrong measure: a one-symbol model has log p(x) = 0 up to the rounding of its
 * tables, and every ulp there is an infinite relative error of the log but a 1e-16 relative error of p(x). For
 * |log p| > 1 the absolute bound on the log is the stricter one.) The oracle itself is accurate to ~1e-15 (see
 * {@link BruteForceChain}), so this leaves the kernels three orders of magnitude of their own rounding, which a
 * correct scaled recursion over 10 steps does not come near.
 */
class ChainKernelsBruteForceTest {

    private static final double TOLERANCE = 1e-12;

    private static double maxLogLikelihoodError;
    private static double maxMarginalError;
    private static double maxViterbiLogJointError;
    private static int casesRun;
    private static int impossibleCases;
    private static int casesWithZeroMarginals;

    /** One model per (K, M, T) and variant: 0 = no zeros, 1 = zeros with sampled data, 2 = zeros, uniform data. */
    static Stream<Arguments> models() {
        return IntStream.rangeClosed(1, 4).boxed().flatMap(k -> IntStream.rangeClosed(1, 5).boxed()
                .flatMap(m -> IntStream.rangeClosed(1, 10).boxed()
                        .flatMap(t -> IntStream.range(0, 3).mapToObj(variant -> Arguments.of(k, m, t, variant)))));
    }

    @ParameterizedTest(name = "K={0} M={1} T={2} variant={3}")
    @MethodSource("models")
    void everyKernelAgreesWithEnumerationOfAllPaths(int k, int m, int t, int variant) {
        long seed = 1_000_003L * k + 10_007L * m + 101L * t + variant;
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(seed), k, m, t, variant == 0 ? 0.0 : 0.3, variant < 2);
        double[] logInit = hmm.logInit();
        double[][] logTrans = hmm.logTrans();
        double[][] logEvidence = hmm.logEvidence();
        BruteForceChain exact = new BruteForceChain(logInit, logTrans, logEvidence);
        casesRun++;

        if (exact.firstImpossibleStep >= 0) {
            impossibleCases++;
            checkImpossible(hmm, exact, logInit, logTrans, logEvidence);
            return;
        }
        double logLikelihood = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        maxLogLikelihoodError = Math.max(maxLogLikelihoodError,
                assertLogsClose(exact.logLikelihood, logLikelihood, "logLikelihood of " + hmm));
        assertEquals(logLikelihood, accumulate(logInit, logTrans, logEvidence), 0.0,
                "ForwardAccumulator must equal logLikelihood exactly for " + hmm);

        double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
        if (java.util.Arrays.stream(exact.marginals).flatMapToDouble(java.util.Arrays::stream).anyMatch(p -> p == 0)) {
            casesWithZeroMarginals++;
        }
        for (int step = 0; step < t; step++) {
            for (int state = 0; state < k; state++) {
                maxMarginalError = Math.max(maxMarginalError, assertRelativelyClose(exact.marginals[step][state],
                        marginals[step][state], "marginal [" + step + "][" + state + "] of " + hmm));
            }
        }

        ViterbiPath viterbi = ChainKernels.viterbi(logInit, logTrans, logEvidence);
        double gap = exact.bestLogJoint - exact.secondBestLogJoint;
        if (gap > TOLERANCE) {
            assertArrayEquals(exact.bestPath, viterbi.path(), "viterbi path of " + hmm);
        }
        double logJointOfReturnedPath = logJoint(logInit, logTrans, logEvidence, viterbi.path());
        maxViterbiLogJointError = Math.max(maxViterbiLogJointError,
                assertLogsClose(exact.bestLogJoint, viterbi.logJoint(), "viterbi logJoint of " + hmm));
        assertLogsClose(logJointOfReturnedPath, viterbi.logJoint(), "logJoint of the returned path, " + hmm);

        int[] sample = ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(seed));
        assertTrue(exact.pathWeight[exact.indexOf(sample)] > 0.0, "posterior sample has probability 0 for " + hmm);
    }

    /** The fixtures must exercise impossible evidence and exact-zero marginals, not just smooth models. */
    @AfterAll
    static void fixturesCoverImpossibleAndPartlyImpossibleEvidence() {
        if (casesRun == 600) {
            assertTrue(impossibleCases >= 20, "only " + impossibleCases + " models with impossible evidence");
            assertTrue(casesWithZeroMarginals >= 50, "only " + casesWithZeroMarginals + " models with zero marginals");
        }
        if (Boolean.getBoolean("trellis.printAccuracy")) {
            System.out.printf("brute force over %d models: max |log-likelihood error| %.3g, max relative marginal"
                    + " error %.3g, max |Viterbi log-joint error| %.3g%n",
                    casesRun, maxLogLikelihoodError, maxMarginalError, maxViterbiLogJointError);
        }
    }

    private static void checkImpossible(RandomHmm hmm, BruteForceChain exact, double[] logInit, double[][] logTrans,
                                        double[][] logEvidence) {
        assertEquals(Double.NEGATIVE_INFINITY, ChainKernels.logLikelihood(logInit, logTrans, logEvidence),
                "impossible evidence must give -Infinity for " + hmm);
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (double[] row : logEvidence) {
            forward.observe(row);
        }
        assertEquals(Double.NEGATIVE_INFINITY, forward.logLikelihood());
        assertEquals(exact.firstImpossibleStep, forward.firstImpossibleStep(), "first impossible step of " + hmm);
        int step = exact.firstImpossibleStep;
        assertEquals(step, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.marginals(logInit, logTrans, logEvidence)).firstImpossibleStep(), hmm.toString());
        assertEquals(step, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.viterbi(logInit, logTrans, logEvidence)).firstImpossibleStep(), hmm.toString());
        assertEquals(step, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(1)))
                .firstImpossibleStep(), hmm.toString());
    }

    private static double accumulate(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (double[] row : logEvidence) {
            forward.observe(row);
        }
        assertEquals(logEvidence.length, forward.steps());
        return forward.logLikelihood();
    }

    /** The log joint of one path, summed in time order. */
    static double logJoint(double[] logInit, double[][] logTrans, double[][] logEvidence, int[] path) {
        double total = logInit[path[0]] + logEvidence[0][path[0]];
        for (int t = 1; t < path.length; t++) {
            total = total + logTrans[path[t - 1]][path[t]] + logEvidence[t][path[t]];
        }
        return total;
    }

    /**
     * Asserts that two logs of probabilities agree to 1e-12 absolute, i.e. the probabilities to 1e-12 relative,
     * and returns that error.
     */
    static double assertLogsClose(double expected, double actual, String what) {
        double error = expected == actual ? 0.0 : Math.abs(actual - expected);
        if (!(error <= TOLERANCE)) {
            fail(what + ": expected " + expected + " but was " + actual + " (error " + error + ")");
        }
        return error;
    }

    /** Asserts |actual - expected| <= 1e-12 |expected| (exact equality when expected is 0) and returns the error. */
    static double assertRelativelyClose(double expected, double actual, String what) {
        if (expected == actual) {
            return 0.0;
        }
        double error = Math.abs(actual - expected) / Math.abs(expected);
        if (!(error <= TOLERANCE)) {
            fail(what + ": expected " + expected + " but was " + actual + " (relative error " + error + ")");
        }
        return error;
    }
}
