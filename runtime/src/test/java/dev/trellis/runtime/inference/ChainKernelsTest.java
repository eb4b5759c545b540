package dev.trellis.runtime.inference;

import static dev.trellis.runtime.inference.ChainKernelsBruteForceTest.assertLogsClose;
import static dev.trellis.runtime.inference.ChainKernelsBruteForceTest.assertRelativelyClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Behaviour of the chain kernels beyond agreement with brute force: edge cases, invariances, input checks. */
class ChainKernelsTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    // Rain/sun: 0 = rainy, 1 = sunny; observations 0 = walk, 1 = shop, 2 = clean.
    private static final double[] INIT = {0.6, 0.4};
    private static final double[][] TRANS = {{0.7, 0.3}, {0.4, 0.6}};
    private static final double[][] EMIT = {{0.1, 0.4, 0.5}, {0.6, 0.3, 0.1}};

    @Test
    void aStepThatRulesOutSomeStatesStillGivesExactAnswers() {
        double[] logInit = log(INIT);
        double[][] logTrans = {{Math.log(0.7), Math.log(0.3), NEG_INF},
                {Math.log(0.4), Math.log(0.6), NEG_INF}, {NEG_INF, Math.log(0.5), Math.log(0.5)}};
        logInit = new double[] {logInit[0], logInit[1], NEG_INF};
        double[][] logEvidence = {
                {Math.log(0.1), Math.log(0.6), Math.log(0.3)},
                {NEG_INF, Math.log(0.3), Math.log(0.9)},      // state 0 ruled out at step 1
                {Math.log(0.5), NEG_INF, Math.log(0.2)},      // state 1 ruled out at step 2
                {Math.log(0.5), Math.log(0.1), NEG_INF}};
        BruteForceChain exact = new BruteForceChain(logInit, logTrans, logEvidence);

        double logLikelihood = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        assertTrue(Double.isFinite(logLikelihood));
        assertLogsClose(exact.logLikelihood, logLikelihood, "logLikelihood");
        double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
        assertEquals(0.0, marginals[1][0]);
        assertEquals(0.0, marginals[2][1]);
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 3; k++) {
                assertRelativelyClose(exact.marginals[t][k], marginals[t][k], "marginal [" + t + "][" + k + "]");
            }
        }
        ViterbiPath viterbi = ChainKernels.viterbi(logInit, logTrans, logEvidence);
        assertArrayEquals(exact.bestPath, viterbi.path());
        assertLogsClose(exact.bestLogJoint, viterbi.logJoint(), "viterbi logJoint");
    }

    @Test
    void impossibleEvidenceGivesMinusInfinityAndConditionalQueriesNameTheStep() {
        double[] logInit = log(INIT);
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};   // the chain never changes state
        double[][] logEvidence = {{0.0, NEG_INF}, {Math.log(0.5), Math.log(0.5)}, {NEG_INF, 0.0},
                {Math.log(0.5), Math.log(0.5)}};

        double logLikelihood = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        assertEquals(NEG_INF, logLikelihood);
        ImpossibleEvidenceException marginals = assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.marginals(logInit, logTrans, logEvidence));
        assertEquals(2, marginals.firstImpossibleStep());
        assertTrue(marginals.getMessage().contains("at step 2"), marginals.getMessage());
        assertTrue(marginals.getMessage().startsWith("marginals: "), marginals.getMessage());
        assertEquals(2, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.viterbi(logInit, logTrans, logEvidence)).firstImpossibleStep());
        assertEquals(2, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(3))).firstImpossibleStep());
    }

    @Test
    void evidenceImpossibleAtTheFirstStepIsReportedAtStepZero() {
        double[] logInit = {0.0, NEG_INF};
        double[][] logEvidence = {{NEG_INF, 0.0}};
        assertEquals(NEG_INF, ChainKernels.logLikelihood(logInit, log(TRANS), logEvidence));
        assertEquals(0, assertThrows(ImpossibleEvidenceException.class,
                () -> ChainKernels.viterbi(logInit, log(TRANS), logEvidence)).firstImpossibleStep());
    }

    @Test
    void evidenceFavouringAnUnreachableStateDoesNotFlushTheReachableOne() {
        // State 0 cannot be entered after step 0, and step 1's evidence favours it by e^800: subtracting the
        // maximum over all states would turn state 1's weight exp(-800) into 0 and call the evidence impossible.
        double[] logInit = {0.0, NEG_INF};
        double[][] logTrans = {{NEG_INF, 0.0}, {NEG_INF, 0.0}};
        double[][] logEvidence = {{Math.log(0.25), 0.0}, {0.0, -800.0}, {-3.0, -900.0}};
        double expected = Math.log(0.25) - 800.0 - 900.0;
        assertEquals(expected, ChainKernels.logLikelihood(logInit, logTrans, logEvidence), 1e-12 * Math.abs(expected));
        double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
        assertArrayEquals(new double[][] {{1, 0}, {0, 1}, {0, 1}}, marginals);
        assertArrayEquals(new int[] {0, 1, 1}, ChainKernels.viterbi(logInit, logTrans, logEvidence).path());
    }

    @Test
    void logTablesOfAnyMagnitudeGiveTheSameMarginalsAndAShiftedLogLikelihood() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(77), 3, 4, 40, 0.2, true);
        double[] logInit = hmm.logInit();
        for (double shift : new double[] {-32768.0, -1024.0, 1024.0, 32768.0}) {
            // Round the tables once so that both "v" and "v + shift" are exact doubles: the two models then
            // differ by exactly the shift, and any disagreement is the kernels' own rounding.
            double[][] logTrans = representableUnderShift(hmm.logTrans(), shift);
            double[][] logEvidence = representableUnderShift(hmm.logEvidence(), shift);
            double logLikelihood = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
            double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
            double[][] shiftedTrans = shift(logTrans, shift);
            double[][] shiftedEvidence = shift(logEvidence, shift);

            double expected = logLikelihood + 39 * shift + 40 * shift;
            double actual = ChainKernels.logLikelihood(logInit, shiftedTrans, shiftedEvidence);
            assertEquals(expected, actual, 1e-12 * Math.abs(expected), "shift " + shift);
            double[][] shiftedMarginals = ChainKernels.marginals(logInit, shiftedTrans, shiftedEvidence);
            for (int t = 0; t < marginals.length; t++) {
                for (int k = 0; k < 3; k++) {
                    assertRelativelyClose(marginals[t][k], shiftedMarginals[t][k], "shift " + shift);
                }
            }
            assertArrayEquals(ChainKernels.viterbi(logInit, logTrans, logEvidence).path(),
                    ChainKernels.viterbi(logInit, shiftedTrans, shiftedEvidence).path());
        }
    }

    @Test
    void agreesWithTheLogSpaceReferenceOnLongerChains() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int k = 1; k <= 6; k++) {
            RandomHmm hmm = RandomHmm.draw(random, k, 5, 300, k % 2 == 0 ? 0.25 : 0.0, true);
            double[] logInit = hmm.logInit();
            double[][] logTrans = hmm.logTrans();
            double[][] logEvidence = hmm.logEvidence();
            double reference = LogSpaceChainReference.logLikelihood(logInit, logTrans, logEvidence);
            double actual = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
            assertEquals(reference, actual, 1e-12 * Math.abs(reference), "K = " + k);
            // The reference's marginals exp(alpha + beta - logZ) are only as good as its log-alphas, which
            // accumulate up to one ulp of |log Z| per step: that, not the kernels, sets this tolerance.
            double referenceError = 300 * Math.ulp(Math.abs(reference));
            double[][] referenceMarginals = LogSpaceChainReference.marginals(logInit, logTrans, logEvidence);
            double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
            for (int t = 0; t < 300; t++) {
                assertArrayEquals(referenceMarginals[t], marginals[t], referenceError, "K = " + k + ", t = " + t);
                assertEquals(1.0, Arrays.stream(marginals[t]).sum(), 1e-15);
            }
            assertArrayEquals(LogSpaceChainReference.viterbiPath(logInit, logTrans, logEvidence),
                    ChainKernels.viterbi(logInit, logTrans, logEvidence).path(), "K = " + k);
        }
    }

    @Test
    void viterbiTiesGoToTheLowerStateIndex() {
        double[] logInit = {Math.log(0.5), Math.log(0.5)};
        double[][] logTrans = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.5), Math.log(0.5)}};
        double[][] logEvidence = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
        ViterbiPath viterbi = ChainKernels.viterbi(logInit, logTrans, logEvidence);
        assertArrayEquals(new int[] {0, 0, 0}, viterbi.path());
        assertEquals(3 * Math.log(0.5), viterbi.logJoint(), 1e-15);
        // A tie only in the last step's backpointer: both predecessors of state 1 score the same.
        double[][] logEvidence2 = {{Math.log(0.2), Math.log(0.2)}, {NEG_INF, 0.0}};
        assertArrayEquals(new int[] {0, 1}, ChainKernels.viterbi(logInit, logTrans, logEvidence2).path());
    }

    @Test
    void aSingleStateChainHasCertainMarginalsAndTheOnlyPath() {
        double[] logInit = {0.0};
        double[][] logTrans = {{0.0}};
        double[][] logEvidence = {{-1.0}, {-2.0}, {-0.5}};
        assertEquals(-3.5, ChainKernels.logLikelihood(logInit, logTrans, logEvidence), 1e-15);
        assertArrayEquals(new double[][] {{1}, {1}, {1}}, ChainKernels.marginals(logInit, logTrans, logEvidence));
        assertEquals(new ViterbiPath(new int[] {0, 0, 0}, -3.5), ChainKernels.viterbi(logInit, logTrans, logEvidence));
        assertArrayEquals(new int[] {0, 0, 0},
                ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(1)));
        assertArrayEquals(new int[] {0, 0}, ChainKernels.simulatePath(logInit, logTrans, 2, Rng.seeded(1)));
    }

    @Test
    void aSingleStepChainIsTheFilteredInitialDistribution() {
        double[][] logEvidence = {{Math.log(EMIT[0][2]), Math.log(EMIT[1][2])}};
        double joint0 = INIT[0] * EMIT[0][2];
        double joint1 = INIT[1] * EMIT[1][2];
        double[][] marginals = ChainKernels.marginals(log(INIT), log(TRANS), logEvidence);
        assertEquals(joint0 / (joint0 + joint1), marginals[0][0], 2 * Math.ulp(1.0));
        assertEquals(Math.log(joint0 + joint1), ChainKernels.logLikelihood(log(INIT), log(TRANS), logEvidence), 1e-15);
    }

    @Test
    void kernelsDoNotModifyTheirInputs() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(5), 3, 3, 12, 0.3, true);
        double[] logInit = hmm.logInit();
        double[][] logTrans = hmm.logTrans();
        double[][] logEvidence = hmm.logEvidence();
        ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        ChainKernels.marginals(logInit, logTrans, logEvidence);
        ChainKernels.viterbi(logInit, logTrans, logEvidence);
        ChainKernels.samplePosterior(logInit, logTrans, logEvidence, Rng.seeded(9));
        ChainKernels.simulatePath(logInit, logTrans, 7, Rng.seeded(9));
        assertArrayEquals(hmm.logInit(), logInit);
        assertArrayEquals(hmm.logTrans(), logTrans);
        assertArrayEquals(hmm.logEvidence(), logEvidence);
    }

    @Test
    void malformedTablesAreRejectedNamingTheArrayAndIndex() {
        double[] logInit = log(INIT);
        double[][] logTrans = log(TRANS);
        double[][] logEvidence = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
        assertMessage("logInit is empty; a chain needs at least one state",
                () -> ChainKernels.logLikelihood(new double[0], new double[0][], logEvidence));
        assertMessage("logTrans has 1 rows but logInit has 2 states; logTrans must be 2 x 2",
                () -> ChainKernels.marginals(logInit, new double[][] {{0.0, 0.0}}, logEvidence));
        assertMessage("logTrans[1] has length 3 but the chain has 2 states",
                () -> ChainKernels.viterbi(logInit, new double[][] {{0.0, 0.0}, {0.0, 0.0, 0.0}}, logEvidence));
        assertMessage("logEvidence is empty; a chain needs at least one step",
                () -> ChainKernels.logLikelihood(logInit, logTrans, new double[0][]));
        assertMessage("logEvidence[2] has length 1 but the chain has 2 states",
                () -> ChainKernels.marginals(logInit, logTrans, new double[][] {{0, 0}, {0, 0}, {0}}));
        assertMessage("logEvidence[1] is null",
                () -> ChainKernels.samplePosterior(logInit, logTrans, new double[][] {{0, 0}, null}, Rng.seeded(1)));
        assertMessage("logEvidence[1][0] is NaN",
                () -> ChainKernels.logLikelihood(logInit, logTrans, new double[][] {{0, 0}, {Double.NaN, 0}}));
        assertMessage("logTrans[0][1] = Infinity; a log-probability must be finite or -Infinity",
                () -> ChainKernels.logLikelihood(logInit, new double[][] {{0, Double.POSITIVE_INFINITY}, {0, 0}},
                        logEvidence));
        assertMessage("logInit[0] is NaN",
                () -> ChainKernels.simulatePath(new double[] {Double.NaN, 0}, logTrans, 3, Rng.seeded(1)));
        assertMessage("length = 0; a chain needs at least one step",
                () -> ChainKernels.simulatePath(logInit, logTrans, 0, Rng.seeded(1)));
    }

    @Test
    void simulatePathRejectsChainsThatCannotStartOrContinue() {
        assertMessage("logInit is -Infinity everywhere; no initial state is possible",
                () -> ChainKernels.simulatePath(new double[] {NEG_INF, NEG_INF}, log(TRANS), 3, Rng.seeded(1)));
        assertMessage("logTrans[1] is -Infinity everywhere, so state 1 (reached at step 0) has no successor",
                () -> ChainKernels.simulatePath(new double[] {NEG_INF, 0.0}, new double[][] {{0, 0}, {NEG_INF, NEG_INF}},
                        3, Rng.seeded(1)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    static double[] log(double[] values) {
        return Arrays.stream(values).map(Math::log).toArray();
    }

    static double[][] log(double[][] values) {
        return Arrays.stream(values).map(ChainKernelsTest::log).toArray(double[][]::new);
    }

    /** Returns {@code (v + shift) - shift} for every entry: exact, and {@code result + shift} is exact too. */
    private static double[][] representableUnderShift(double[][] table, double shift) {
        return Arrays.stream(table).map(row -> Arrays.stream(row).map(v -> (v + shift) - shift).toArray())
                .toArray(double[][]::new);
    }

    private static double[][] shift(double[][] table, double shift) {
        return Arrays.stream(table).map(row -> Arrays.stream(row).map(v -> v + shift).toArray())
                .toArray(double[][]::new);
    }
}
