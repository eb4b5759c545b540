package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The samplers against the exact path distributions of small chains: 200,000 paths, Pearson's chi-square test
 * over all K^T paths (cells with expected count below 5 pooled), p-value above 1e-3. The seeds are fixed, so the
 * outcome is deterministic; a sampler with a systematic error of a few percent in any frequent path fails.
 */
class ChainSamplerTest {

    private static final int DRAWS = 200_000;
    private static final double MIN_P_VALUE = 1e-3;

    @ParameterizedTest(name = "K={0} T={1} zeros={2} seed={3}")
    @CsvSource({"3, 4, 0.0, 101", "3, 4, 0.3, 202", "2, 7, 0.2, 303", "4, 3, 0.0, 404"})
    void posteriorSamplesFollowTheExactPosteriorOverPaths(int k, int t, double zeros, long seed) {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(seed), k, 3, t, zeros, true);
        double[] logInit = hmm.logInit();
        double[][] logTrans = hmm.logTrans();
        double[][] logEvidence = hmm.logEvidence();
        BruteForceChain exact = new BruteForceChain(logInit, logTrans, logEvidence);
        Rng rng = Rng.seeded(seed);
        long[] counts = new long[exact.pathWeight.length];
        for (int draw = 0; draw < DRAWS; draw++) {
            counts[exact.indexOf(ChainKernels.samplePosterior(logInit, logTrans, logEvidence, rng))]++;
        }
        double[] posterior = exact.posteriorPathProbabilities();
        assertEquals(-1, ChiSquareGoodnessOfFit.impossibleCell(counts, posterior), "drew a path of probability 0");
        double pValue = ChiSquareGoodnessOfFit.pValue(counts, posterior);
        assertTrue(pValue > MIN_P_VALUE, "chi-square p-value " + pValue + " for " + hmm);
    }

    @ParameterizedTest(name = "K={0} T={1} zeros={2} seed={3}")
    @CsvSource({"3, 4, 0.0, 505", "3, 4, 0.3, 606", "2, 6, 0.0, 707"})
    void simulatedPathsFollowThePriorOverPaths(int k, int t, double zeros, long seed) {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(seed), k, 2, t, zeros, true);
        double[] logInit = hmm.logInit();
        double[][] logTrans = hmm.logTrans();
        // With no evidence (all log-likelihoods 0) the "posterior" of the brute force is the prior.
        BruteForceChain prior = new BruteForceChain(logInit, logTrans, new double[t][k]);
        Rng rng = Rng.seeded(seed);
        long[] counts = new long[prior.pathWeight.length];
        for (int draw = 0; draw < DRAWS; draw++) {
            counts[prior.indexOf(ChainKernels.simulatePath(logInit, logTrans, t, rng))]++;
        }
        double[] probs = prior.posteriorPathProbabilities();
        assertEquals(-1, ChiSquareGoodnessOfFit.impossibleCell(counts, probs), "drew a path of probability 0");
        double pValue = ChiSquareGoodnessOfFit.pValue(counts, probs);
        assertTrue(pValue > MIN_P_VALUE, "chi-square p-value " + pValue + " for " + hmm);
    }

    @Test
    void theGoodnessOfFitTestRejectsPathsDrawnIndependentlyFromTheExactMarginals() {
        // Drawing every z_t from its own exact marginal gets each marginal right but ignores the coupling
        // between steps; the test must see that, or it could not see a subtly wrong backward pass either.
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(101), 3, 3, 4, 0.0, true);
        BruteForceChain exact = new BruteForceChain(hmm.logInit(), hmm.logTrans(), hmm.logEvidence());
        Rng rng = Rng.seeded(101);
        long[] counts = new long[exact.pathWeight.length];
        int[] path = new int[4];
        for (int draw = 0; draw < DRAWS; draw++) {
            for (int t = 0; t < 4; t++) {
                path[t] = rng.categorical(exact.marginals[t]);
            }
            counts[exact.indexOf(path)]++;
        }
        assertTrue(ChiSquareGoodnessOfFit.pValue(counts, exact.posteriorPathProbabilities()) < MIN_P_VALUE);
    }

    @Test
    void theSameSeedGivesTheSamePaths() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(9), 3, 3, 25, 0.2, true);
        Rng first = Rng.seeded(42);
        Rng second = Rng.seeded(42);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(
                    ChainKernels.samplePosterior(hmm.logInit(), hmm.logTrans(), hmm.logEvidence(), first),
                    ChainKernels.samplePosterior(hmm.logInit(), hmm.logTrans(), hmm.logEvidence(), second));
            assertArrayEquals(ChainKernels.simulatePath(hmm.logInit(), hmm.logTrans(), 25, first),
                    ChainKernels.simulatePath(hmm.logInit(), hmm.logTrans(), 25, second));
        }
    }
}
