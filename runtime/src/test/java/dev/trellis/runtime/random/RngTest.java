package dev.trellis.runtime.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RngTest {

    @Test
    void theSameSeedGivesTheSameStream() {
        Rng first = Rng.seeded(12345);
        Rng second = Rng.seeded(12345);
        for (int i = 0; i < 1000; i++) {
            assertEquals(first.nextDouble(), second.nextDouble());
            assertEquals(first.nextInt(17), second.nextInt(17));
            assertEquals(first.categorical(new double[] {0.2, 0.8}), second.categorical(new double[] {0.2, 0.8}));
        }
        assertNotEquals(Rng.seeded(1).nextDouble(), Rng.seeded(2).nextDouble());
    }

    @Test
    void theStreamIsPinnedByTheAlgorithmAcrossRunsAndPlatforms() {
        // L64X128MixRandom is specified bit for bit, so these values hold on every Java 17+ VM; a change of
        // algorithm (or of how the seed is used) shows up here, not as silently different experiments.
        Rng rng = Rng.seeded(42);
        assertEquals(0x1.64905bda174f5p-1, rng.nextDouble());
        assertEquals(901, rng.nextInt(1000));
        assertEquals(0x1.4ec4a5ade37b2p-2, rng.split().nextDouble());
        assertEquals("L64X128MixRandom", Rng.ALGORITHM);
    }

    @Test
    void splitStreamsDifferFromTheParentAndFromEachOtherButAreReproducible() {
        Rng parent = Rng.seeded(7);
        Rng childA = parent.split();
        Rng childB = parent.split();
        double[] a = draw(childA, 100);
        double[] b = draw(childB, 100);
        double[] rest = draw(parent, 100);
        int equalAb = 0;
        int equalParent = 0;
        for (int i = 0; i < 100; i++) {
            equalAb += a[i] == b[i] ? 1 : 0;
            equalParent += a[i] == rest[i] ? 1 : 0;
        }
        assertEquals(0, equalAb);
        assertEquals(0, equalParent);

        Rng again = Rng.seeded(7);
        assertEquals(a[0], again.split().nextDouble());
        assertEquals(b[0], again.split().nextDouble());
    }

    @Test
    void categoricalDrawsFollowTheWeights() {
        double[] weights = {2.0, 0.0, 1.0, 5.0};   // need not sum to 1
        Rng rng = Rng.seeded(99);
        int draws = 80_000;
        long[] counts = new long[weights.length];
        for (int i = 0; i < draws; i++) {
            counts[rng.categorical(weights)]++;
        }
        assertEquals(0, counts[1], "a zero-weight entry was drawn");
        double statistic = 0.0;
        for (int k : new int[] {0, 2, 3}) {
            double expected = weights[k] / 8.0 * draws;
            statistic += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        double pValue = 1.0 - new ChiSquaredDistribution(2).cumulativeProbability(statistic);
        assertTrue(pValue > 1e-3, "chi-square p-value " + pValue);
    }

    @Test
    void nextIntStaysBelowItsBound() {
        Rng rng = Rng.seeded(3);
        boolean[] seen = new boolean[5];
        for (int i = 0; i < 1000; i++) {
            int value = rng.nextInt(5);
            assertTrue(value >= 0 && value < 5);
            seen[value] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertMessage("bound = 0 must be at least 1", () -> rng.nextInt(0));
    }

    @Test
    void invalidWeightsAreRejectedNamingTheIndex() {
        Rng rng = Rng.seeded(1);
        assertMessage("probs[1] = -0.5 is negative", () -> rng.categorical(new double[] {1.0, -0.5}));
        assertMessage("probs[0] is NaN", () -> rng.categorical(new double[] {Double.NaN}));
        assertMessage("probs[1] = Infinity is not finite",
                () -> rng.categorical(new double[] {1.0, Double.POSITIVE_INFINITY}));
        assertMessage("probs sum to 0; at least one entry must be positive", () -> rng.categorical(new double[] {0, 0}));
        assertMessage("probs is empty; a categorical draw needs at least one entry", () -> rng.categorical(new double[0]));
    }

    private static double[] draw(Rng rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble();
        }
        return out;
    }

    @Test
    void gaussianAndExponentialDrawsAreReproducibleWithTheRightMoments() {
        Rng rng = Rng.seeded(31);
        Rng again = Rng.seeded(31);
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        double expSum = 0;
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            double e = rng.nextExponential();
            assertEquals(Double.doubleToRawLongBits(z), Double.doubleToRawLongBits(again.nextGaussian()));
            assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(again.nextExponential()));
            assertTrue(e >= 0, "exponential draw " + e);
            sum += z;
            sumSquares += z * z;
            expSum += e;
        }
        // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; five of them is a fixed-seed bound.
        assertEquals(0.0, sum / n, 0.011);
        assertEquals(1.0, sumSquares / n, 0.016);
        assertEquals(1.0, expSum / n, 0.011);
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
