package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeometricTest {

    /**
     * Deviation (a), Geometric's instance of it: torch's entropy is binary_cross_entropy_with_logits(logits, p) / p
     * with logits from probs clamped to [eps, 1 - eps], 2.2e-16 at p = 1; the count 0 is certain, entropy exactly 0.
     */
    private static final Map<Integer, GoldenRecords.Deviation> DEVIATIONS = Map.of(
            95, new GoldenRecords.Deviation("(a) probs 1: entropy exactly 0", null, 0.0));

    @Test
    void matchesEveryGoldenRecordExceptTheEntropyAtProbabilityOne() {
        GoldenRecords.checkAll("Geometric", c -> c.hasParam("probs") ? Geometric.of(c.param("probs"))
                : Geometric.ofLogits(c.param("logits")), DEVIATIONS);
    }

    @Test
    void countsFailuresBeforeTheFirstSuccess() {
        Geometric d = Geometric.of(0.3);
        assertEquals(Math.log(0.3), d.logProb(Tensor.scalar(0)).item(), 1e-15);
        assertEquals(2 * Math.log(0.7) + Math.log(0.3), d.logProb(Tensor.scalar(2)).item(), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, Geometric.of(1.0).logProb(Tensor.scalar(1)).item());
    }

    @Test
    void badParametersAndValuesAreNamed() {
        assertEquals("Geometric: parameter probs = 0.0 is outside greater_than(0.0)", assertThrows(
                IllegalArgumentException.class, () -> Geometric.of(0.0)).getMessage());
        assertEquals("Geometric: parameter probs = 1.5 is outside unit_interval", assertThrows(
                IllegalArgumentException.class, () -> Geometric.of(1.5)).getMessage());
        assertEquals("value = -1.0 is outside the support nonnegative_integer of Geometric(probs=0.3)", assertThrows(
                IllegalArgumentException.class, () -> Geometric.of(0.3).logProb(Tensor.scalar(-1))).getMessage());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor k = Tensor.vector(0, 4, 1000);
        FiniteDifferences.assertGradient("probs", p -> Geometric.of(p).logProb(k), Tensor.vector(0.3, 0.5, 0.05));
        FiniteDifferences.assertGradient("logits", l -> Geometric.ofLogits(l).logProb(k), Tensor.vector(-1, 2, -9));
        FiniteDifferences.assertGradient("entropy of probs", p -> Geometric.of(p).entropy(), Tensor.vector(0.3, 0.9));
        FiniteDifferences.assertGradient("entropy of logits", l -> Geometric.ofLogits(l).entropy(),
                Tensor.vector(-1.0, 2.0));
        FiniteDifferences.assertGradient("variance", l -> Geometric.ofLogits(l).variance(), Tensor.vector(-1.0, 2.0));
    }

    @Test
    void samplesHaveTheMeanAndVariance() {
        Geometric d = Geometric.of(Tensor.vector(0.3, 1.0));
        Rng rng = Rng.seeded(8);
        int draws = 40_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < draws; i++) {
            double[] x = d.sample(rng).toArray();
            assertEquals(0.0, x[1]);
            sum += x[0];
            sumSquares += x[0] * x[0];
        }
        double mean = sum / draws;
        double variance = sumSquares / draws - mean * mean;
        // Mean 7/3 and variance 70/9 = 7.78: standard error of the mean sqrt(7.78 / 40000) = 0.014; the variance's
        // is about sqrt((mu4 - sigma^4) / n), with the fourth central moment of this geometric about 549
        // (kurtosis 9.1): sqrt((549 - 60.5) / 40000) = 0.11. 5 standard errors each.
        assertEquals(7.0 / 3, mean, 0.07);
        assertEquals(70.0 / 9, variance, 0.55);
    }

    @Test
    void shapesExpandAndToEvent() {
        Geometric d = Geometric.ofLogits(Tensor.vector(0.0, 1.0, -1.0));
        assertArrayEquals(new int[] {3}, d.batchShape());
        assertArrayEquals(new int[] {2, 3}, d.logProb(Tensor.zeros(2, 1)).shape());
        assertArrayEquals(new int[] {2, 3}, d.expand(2, 3).sample(Rng.seeded(4)).shape());
        assertArrayEquals(new int[] {}, d.toEvent(1).logProb(Tensor.zeros(3)).shape());
        assertTrue(d.isDiscrete());
    }
}
