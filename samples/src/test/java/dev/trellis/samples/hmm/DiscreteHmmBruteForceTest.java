package dev.trellis.samples.hmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.samples.Tolerance;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/** The generated inference for {@link DiscreteHmm} against brute-force enumeration of every hidden path. */
class DiscreteHmmBruteForceTest {

    @Test
    void logLikelihoodMarginalsAndViterbiEqualEnumerationOverAllPaths() {
        Random random = new Random(20261121);
        int checked = 0;
        for (int states = 1; states <= 4; states++) {
            for (int symbols = 1; symbols <= 5; symbols++) {
                for (int length = 1; length <= 10; length++) {
                    RandomHmm hmm = RandomHmm.draw(random, states, symbols, length);
                    var inference = new DiscreteHmmInference(hmm.model());
                    String what = states + " states, " + symbols + " symbols, T=" + length;
                    RandomHmm.Exact exact = hmm.enumerate();
                    if (exact.evidence() == 0) {
                        assertEquals(Double.NEGATIVE_INFINITY, inference.logLikelihood(hmm.obs()), what);
                        continue;
                    }
                    assertLog(Math.log(exact.evidence()), inference.logLikelihood(hmm.obs()), what + " log p");
                    assertMarginals(exact.marginals(), inference.marginals(hmm.obs()).state(), what);
                    DiscreteHmmInference.MapAssignment map = inference.viterbi(hmm.obs());
                    assertLog(Math.log(exact.bestJoint()), map.logJoint(), what + " viterbi log joint");
                    Tolerance.assertRelative(exact.bestJoint(), hmm.joint(map.state()), 1e-12, what + " viterbi path is a best path");
                    checked++;
                }
            }
        }
        assertTrue(checked > 150, "checked " + checked + " models");
    }

    /**
     * Log-probabilities to 1e-12 relative; near log p = 0 (a certain observation) relative error is
     * undefined, and the floor is 1e-12 absolute, far above the ~1e-16 rounding of a normaliser.
     */
    private static void assertLog(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-12 * Math.max(Math.abs(expected), 1.0),
                what + ": expected " + expected + " but was " + actual);
    }

    /** Marginals in [0, 1]: equal to 1e-12 of the larger of the value and 1e-3 (tiny entries are checked absolutely). */
    private static void assertMarginals(double[][] expected, double[][] actual, String what) {
        for (int t = 0; t < expected.length; t++) {
            for (int k = 0; k < expected[t].length; k++) {
                double scale = Math.max(Math.abs(expected[t][k]), 1e-3);
                assertTrue(Math.abs(expected[t][k] - actual[t][k]) <= 1e-12 * scale,
                        what + " marginal[" + t + "][" + k + "]: expected " + expected[t][k] + " but was " + actual[t][k]);
            }
        }
    }

    @Test
    void posteriorSamplesFollowTheExactPosterior() {
        RandomHmm hmm = RandomHmm.draw(new Random(7), 3, 4, 4);
        var inference = new DiscreteHmmInference(hmm.model());
        Rng rng = Rng.seeded(12345);
        int draws = 200_000;
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            int[] z = inference.samplePosterior(hmm.obs(), rng).state();
            int code = 0;
            for (int t = z.length - 1; t >= 0; t--) {
                code = code * hmm.states() + z[t];
            }
            counts.merge(code, 1, Integer::sum);
        }
        double evidence = hmm.evidence();
        double chiSquare = 0;
        int cells = 0;
        double pooledExpected = 0;
        int pooledObserved = 0;
        for (int code = 0; code < hmm.paths(); code++) {
            double expected = draws * hmm.joint(hmm.path(code)) / evidence;
            int observed = counts.getOrDefault(code, 0);
            if (expected == 0) {
                assertEquals(0, observed, "a path of posterior probability 0 was sampled: " + code);
            } else if (expected < 5) {
                pooledExpected += expected;
                pooledObserved += observed;
            } else {
                chiSquare += (observed - expected) * (observed - expected) / expected;
                cells++;
            }
        }
        if (pooledExpected > 0) {
            chiSquare += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }
        double pValue = 1 - new ChiSquaredDistribution(cells - 1).cumulativeProbability(chiSquare);
        assertTrue(pValue > 1e-3, "chi-square " + chiSquare + " on " + (cells - 1) + " degrees of freedom, p = " + pValue);
    }

    @Test
    void samplingIsReproducibleForAFixedSeed() {
        RandomHmm hmm = RandomHmm.draw(new Random(3), 3, 3, 8);
        var inference = new DiscreteHmmInference(hmm.model());

        assertArrayEquals(inference.samplePosterior(hmm.obs(), Rng.seeded(99)).state(),
                inference.samplePosterior(hmm.obs(), Rng.seeded(99)).state());
        var a = inference.simulate(50, Rng.seeded(5));
        var b = inference.simulate(50, Rng.seeded(5));
        assertArrayEquals(a.state(), b.state());
        assertArrayEquals(a.symbol(), b.symbol());
    }
}
