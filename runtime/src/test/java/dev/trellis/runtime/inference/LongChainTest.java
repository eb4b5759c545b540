package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million steps: the scaled forward pass must neither underflow nor drift. Every probability of such a
 * sequence is around e^-10^6, far below the smallest double, so only the scaling keeps the answers finite.
 */
class LongChainTest {

    private static final int STEPS = 1_000_000;
    private static final double[] INIT = {0.6, 0.4};
    private static final double[][] TRANS = {{0.9, 0.1}, {0.25, 0.75}};

    @Test
    void whenEmissionsIgnoreTheStateTheLogLikelihoodIsTheSumOfEmissionLogs() {
        double[] emission = {0.2, 0.5, 0.3};
        int[] obs = observations(new SplittableRandom(1), emission.length);
        // Closed form: the chain sums out to 1, leaving sum_t log B[obs_t] = sum_m count_m * log B[m].
        long[] counts = new long[emission.length];
        for (int o : obs) {
            counts[o]++;
        }
        double expected = 0.0;
        for (int m = 0; m < emission.length; m++) {
            expected += counts[m] * Math.log(emission[m]);
        }
        double[][] logEvidence = new double[STEPS][];
        double[][] rows = new double[emission.length][];
        for (int m = 0; m < emission.length; m++) {
            rows[m] = new double[] {Math.log(emission[m]), Math.log(emission[m])};
        }
        for (int t = 0; t < STEPS; t++) {
            logEvidence[t] = rows[obs[t]];
        }
        double[] logInit = ChainKernelsTest.log(INIT);
        double[][] logTrans = ChainKernelsTest.log(TRANS);

        double batch = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        assertTrue(Double.isFinite(batch));
        assertEquals(expected, batch, 1e-12 * Math.abs(expected));
        assertEquals(batch, streamed(logInit, logTrans, logEvidence), 0.0);
    }

    @Test
    void whenEmissionsDependOnTheStateTheLogLikelihoodMatchesTheLogSpaceReference() {
        double[][] emit = {{0.1, 0.4, 0.5}, {0.6, 0.3, 0.1}};
        int[] obs = observations(new SplittableRandom(2), 3);
        double[][] logEvidence = new double[STEPS][];
        double[][] rows = new double[3][];
        for (int m = 0; m < 3; m++) {
            rows[m] = new double[] {Math.log(emit[0][m]), Math.log(emit[1][m])};
        }
        for (int t = 0; t < STEPS; t++) {
            logEvidence[t] = rows[obs[t]];
        }
        double[] logInit = ChainKernelsTest.log(INIT);
        double[][] logTrans = ChainKernelsTest.log(TRANS);

        double reference = LogSpaceChainReference.logLikelihood(logInit, logTrans, logEvidence);
        double batch = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
        assertTrue(Double.isFinite(batch));
        // The naive reference's log-alphas grow to 1e6, so each of its 1e6 log-sum-exp steps rounds at
        // ulp(1e6) ~ 1e-10: it is good to ~1e-10 relative at worst (3e-12 measured here), while the kernel
        // agrees with an 80-bit extended-precision forward pass to 1e-16. The tolerance is the reference's.
        assertEquals(reference, batch, 1e-9 * Math.abs(reference));
        assertEquals(batch, streamed(logInit, logTrans, logEvidence), 0.0);

        double[][] marginals = ChainKernels.marginals(logInit, logTrans, logEvidence);
        for (double[] row : marginals) {
            assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
            assertEquals(1.0, row[0] + row[1], 1e-15);
        }
        double[][] tail = Arrays.copyOfRange(logEvidence, STEPS - 2000, STEPS);
        // Far from the start the past is forgotten: the last marginals of the long chain equal those of the
        // chain started 2000 steps earlier from its stationary distribution, up to a geometrically small term.
        double[][] tailMarginals = ChainKernels.marginals(ChainKernelsTest.log(new double[] {5.0 / 7, 2.0 / 7}),
                logTrans, tail);
        assertEquals(tailMarginals[1999][0], marginals[STEPS - 1][0], 1e-12);
    }

    private static double streamed(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (double[] row : logEvidence) {
            forward.observe(row);
        }
        return forward.logLikelihood();
    }

    private static int[] observations(SplittableRandom random, int numSymbols) {
        int[] obs = new int[STEPS];
        for (int t = 0; t < STEPS; t++) {
            obs[t] = random.nextInt(numSymbols);
        }
        return obs;
    }
}
