package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoissonTest {

    @Test
    void matchesEveryGoldenRecord() {
        GoldenRecords.checkAll("Poisson", c -> Poisson.of(c.param("rate")), Map.of());
    }

    @Test
    void aNonIntegerValueIsRejectedNamingIt() {
        assertEquals("value = 2.5 is outside the support nonnegative_integer of Poisson(rate=2.0)",
                assertThrows(IllegalArgumentException.class, () -> Poisson.of(2.0).logProb(Tensor.scalar(2.5)))
                        .getMessage());
        assertEquals("Poisson: parameter rate[1] = -1.0 is outside nonnegative", assertThrows(
                IllegalArgumentException.class, () -> Poisson.of(Tensor.vector(1.0, -1.0))).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Poisson.of(1.0).entropy());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        FiniteDifferences.assertGradient("rate", r -> Poisson.of(r).logProb(Tensor.vector(2, 0, 120)),
                Tensor.vector(3.5, 0.001, 100));
        // At rate 0 and count 0 the log-probability is -rate: slope -1, not NaN.
        Tensor rate = Tensor.variable(Tensor.scalar(0.0));
        assertEquals(-1.0, Autodiff.gradients(Poisson.of(rate).logProb(Tensor.scalar(0))).of(rate).item(), 0.0);
    }

    @Test
    void samplesHaveTheMeanAndVarianceOnBothSidesOfTheAlgorithmSwitch() {
        Poisson d = Poisson.of(Tensor.vector(0.0, 3.5, 50.0));
        Rng rng = Rng.seeded(21);
        int draws = 20_000;
        double[] sum = new double[3];
        double[] sumSquares = new double[3];
        for (int i = 0; i < draws; i++) {
            double[] x = d.sample(rng).toArray();
            for (int j = 0; j < 3; j++) {
                assertEquals(Math.rint(x[j]), x[j]);
                sum[j] += x[j];
                sumSquares[j] += x[j] * x[j];
            }
        }
        assertEquals(0.0, sum[0]);
        for (int j = 1; j < 3; j++) {
            double rate = j == 1 ? 3.5 : 50.0;
            double mean = sum[j] / draws;
            double variance = sumSquares[j] / draws - mean * mean;
            // Standard error of the mean sqrt(rate / 20000); of the variance about rate sqrt(2 / 20000 + 1 /
            // (rate 20000)) (the Poisson's excess kurtosis is 1 / rate): 5 standard errors each.
            assertEquals(rate, mean, 5 * Math.sqrt(rate / draws), "mean at rate " + rate);
            assertEquals(rate, variance, 5 * rate * Math.sqrt(2.0 / draws + 1 / (rate * draws)),
                    "variance at rate " + rate);
        }
    }

    @Test
    void shapesExpandAndToEvent() {
        Poisson d = Poisson.of(Tensor.vector(1.0, 2.0));
        assertArrayEquals(new int[] {3, 2}, d.logProb(Tensor.zeros(3, 1)).shape());
        assertArrayEquals(new int[] {4, 2}, d.expand(4, 2).sample(Rng.seeded(1)).shape());
        assertEquals(-3.0, d.toEvent(1).logProb(Tensor.zeros(2)).item(), 1e-15);
        assertTrue(d.isDiscrete());
    }

    /**
     * The draws follow the Poisson law itself, not only its first two moments: a chi-square test of 100,000 draws
     * against commons-math's mass function, on both sides of the switch from Knuth's method to Hörmann's rejection
     * (rate 10) and far above it. Cells hold at least 50 expected draws (tails pooled); the seeds are fixed, and
     * the threshold is the 1e-4 upper quantile, so a sampler off by a few percent in any region fails.
     */
    @Test
    void samplesFollowThePoissonMassFunctionOnBothSidesOfTheAlgorithmSwitch() {
        int n = 100_000;
        for (double rate : new double[] {0.7, 9.99, 10.0, 30.0, 400.0}) {
            double[] draws = Poisson.of(Tensor.full(rate, n)).sample(Rng.seeded(8 + (long) rate)).toArray();
            var law = new org.apache.commons.math3.distribution.PoissonDistribution(rate);
            // Cells [lo, hi) from the lower tail up, each with at least 50 expected draws; the last takes the upper tail.
            java.util.List<Integer> edges = new java.util.ArrayList<>(java.util.List.of(0));
            double mass = 0;
            for (int k = 0; law.cumulativeProbability(k - 1) < 1 - 50.0 / n; k++) {
                mass += law.probability(k);
                if (mass * n >= 50) {
                    edges.add(k + 1);
                    mass = 0;
                }
            }
            int cells = edges.size() - 1;
            long[] observed = new long[cells];
            for (double x : draws) {
                int cell = 0;
                while (cell < cells - 1 && x >= edges.get(cell + 1)) {
                    cell++;
                }
                observed[cell]++;
            }
            double statistic = 0;
            for (int c = 0; c < cells; c++) {
                double p = c == cells - 1 ? 1 - law.cumulativeProbability(edges.get(c) - 1)
                        : law.cumulativeProbability(edges.get(c + 1) - 1) - law.cumulativeProbability(edges.get(c) - 1);
                double expected = n * p;
                statistic += (observed[c] - expected) * (observed[c] - expected) / expected;
            }
            double critical = new org.apache.commons.math3.distribution.ChiSquaredDistribution(cells - 1)
                    .inverseCumulativeProbability(1 - 1e-4);
            assertTrue(statistic < critical, "rate " + rate + ": chi-square " + statistic + " over " + cells
                    + " cells, critical value " + critical);
        }
    }
}
