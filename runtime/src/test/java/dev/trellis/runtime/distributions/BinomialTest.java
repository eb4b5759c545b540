package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinomialTest {

    /**
     * Deviation (a): torch clamps probs to [eps, 1 - eps], so Binomial(5, 0).log_prob(0) is -1.1e-15 and the
     * entropies at probabilities 0 and 1 are about 4e-14; Trellis is exact (the count is certain: 0 and 0).
     */
    private static final Map<Integer, GoldenRecords.Deviation> DEVIATIONS = Map.of(
            82, new GoldenRecords.Deviation("(a) probs 0: zero successes are certain", 0.0, 0.0),
            83, new GoldenRecords.Deviation("(a) probs 1: the entropy is exactly 0", null, 0.0));

    @Test
    void matchesEveryGoldenRecordExceptTheExactProbabilitiesZeroAndOne() {
        GoldenRecords.checkAll("Binomial", c -> c.hasParam("probs")
                ? Binomial.of(c.param("total_count"), c.param("probs"))
                : Binomial.ofLogits(c.param("total_count"), c.param("logits")), DEVIATIONS);
    }

    @Test
    void aCountAboveTheTotalIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Binomial.of(20, 0.5).logProb(Tensor.scalar(21)));
        assertEquals("value = 21.0 is outside the support integer_interval(0, 20) of Binomial(total_count=20.0, "
                + "probs=0.5)", e.getMessage());
        // Each batch member against its own count.
        Binomial mixed = Binomial.of(Tensor.vector(3, 10), Tensor.scalar(0.5));
        assertEquals("value[0] = 4.0 is outside the support integer_interval(0, 3) of Binomial(total_count=[3.0, "
                + "10.0], probs=0.5)", assertThrows(IllegalArgumentException.class,
                () -> mixed.logProb(Tensor.vector(4, 4))).getMessage());
        assertEquals(2, mixed.logProb(Tensor.vector(3, 4)).numElements());
        assertThrows(UnsupportedOperationException.class, mixed::entropy);
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("Binomial: parameter total_count = 2.5 is outside nonnegative_integer", assertThrows(
                IllegalArgumentException.class, () -> Binomial.of(Tensor.scalar(2.5), Tensor.scalar(0.5)))
                .getMessage());
        assertEquals("Binomial: parameter probs[1] = -0.1 is outside unit_interval", assertThrows(
                IllegalArgumentException.class, () -> Binomial.of(Tensor.scalar(4), Tensor.vector(0.5, -0.1)))
                .getMessage());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor n = Tensor.vector(10, 4, 1000);
        Tensor k = Tensor.vector(3, 4, 12);
        FiniteDifferences.assertGradient("probs", p -> Binomial.of(n, p).logProb(k), Tensor.vector(0.3, 0.8, 0.01));
        FiniteDifferences.assertGradient("logits", l -> Binomial.ofLogits(n, l).logProb(k),
                Tensor.vector(0.7, -2.0, 5.0));
        FiniteDifferences.assertGradient("entropy", l -> Binomial.ofLogits(Tensor.scalar(10), l).entropy(),
                Tensor.vector(0.7, -2.0));
        FiniteDifferences.assertGradient("variance", p -> Binomial.of(n, p).variance(), Tensor.vector(0.3, 0.8, 0.01));
    }

    @Test
    void theEntropyIsTheSumOverTheSupport() {
        // Binomial(2, 1/2): P = 1/4, 1/2, 1/4, entropy 1.5 log 2.
        assertEquals(1.5 * Math.log(2), Binomial.of(2, 0.5).entropy().item(), 1e-15);
        assertArrayEquals(new int[] {3}, Binomial.of(Tensor.scalar(2), Tensor.vector(0.1, 0.5, 0.9)).entropy()
                .shape());
    }

    @Test
    void samplesHaveTheMeanAndVariance() {
        Binomial d = Binomial.of(Tensor.scalar(12), Tensor.vector(0.0, 0.25, 1.0));
        Rng rng = Rng.seeded(3);
        int draws = 20_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < draws; i++) {
            double[] x = d.sample(rng).toArray();
            assertEquals(0.0, x[0]);
            assertEquals(12.0, x[2]);
            sum += x[1];
            sumSquares += x[1] * x[1];
        }
        double mean = sum / draws;
        double variance = sumSquares / draws - mean * mean;
        // Mean 3, variance 2.25: standard error of the mean 0.0106, of the variance about 2.25 sqrt(2 / 20000)
        // = 0.0225 (plus a small excess-kurtosis term); 5 standard errors: 0.053 and 0.12.
        assertEquals(3.0, mean, 0.053);
        assertEquals(2.25, variance, 0.12);
    }

    @Test
    void shapesExpandAndToEvent() {
        Binomial d = Binomial.of(Tensor.matrix(new double[][] {{5}, {10}}), Tensor.vector(0.2, 0.5, 0.7));
        assertArrayEquals(new int[] {2, 3}, d.batchShape());
        assertArrayEquals(new int[] {2, 3}, d.mean().shape());
        assertArrayEquals(new int[] {4, 2, 3}, d.expand(4, 2, 3).sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {2}, d.toEvent(1).logProb(Tensor.ones(2, 3)).shape());
        assertTrue(d.isDiscrete());
    }

    @Test
    void aNonIntegerCountIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Binomial.of(20, 0.5).logProb(Tensor.scalar(2.5)));
        assertEquals("value = 2.5 is outside the support integer_interval(0, 20) of Binomial(total_count=20.0, "
                + "probs=0.5)", e.getMessage());
    }
}
