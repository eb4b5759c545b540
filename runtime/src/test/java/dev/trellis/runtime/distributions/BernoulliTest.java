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

class BernoulliTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    /**
     * Deviation (a): torch clamps probs to [eps, 1 - eps] before taking logs; Trellis is exact at probabilities 0
     * and 1 (log 1 = 0 for the certain outcome, -Infinity for the impossible one, entropy 0).
     */
    private static final Map<Integer, GoldenRecords.Deviation> DEVIATIONS = Map.of(
            61, new GoldenRecords.Deviation("(a) probs 0, value 0: certain", 0.0, 0.0),
            62, new GoldenRecords.Deviation("(a) probs 1, value 0: impossible", NEG_INF, 0.0),
            63, new GoldenRecords.Deviation("(a) probs 0, value 1: impossible", NEG_INF, 0.0));

    @Test
    void matchesEveryGoldenRecordExceptTheExactProbabilitiesZeroAndOne() {
        GoldenRecords.checkAll("Bernoulli", c -> c.hasParam("probs") ? Bernoulli.of(c.param("probs"))
                : Bernoulli.ofLogits(c.param("logits")), DEVIATIONS);
    }

    @Test
    void saturatedLogitsKeepExactLogProbabilities() {
        Bernoulli sure = Bernoulli.ofLogits(800);
        assertEquals(-800.0, sure.logProb(Tensor.scalar(0)).item(), 0.0);
        assertEquals(0.0, sure.logProb(Tensor.scalar(1)).item(), 0.0);
        assertEquals(NEG_INF, Bernoulli.ofLogits(Double.NEGATIVE_INFINITY).logProb(Tensor.scalar(1)).item());
        assertEquals(0.0, Bernoulli.ofLogits(Double.NEGATIVE_INFINITY).logProb(Tensor.scalar(0)).item());
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        Tensor value = Tensor.vector(1, 0, 1, 0);
        FiniteDifferences.assertGradient("probs", p -> Bernoulli.of(p).logProb(value),
                Tensor.vector(0.1, 0.5, 0.95, 0.3));
        FiniteDifferences.assertGradient("logits", l -> Bernoulli.ofLogits(l).logProb(value),
                Tensor.vector(-3.2, 0.0, 4.0, 30.0));
        FiniteDifferences.assertGradient("entropy of probs", p -> Bernoulli.of(p).entropy(),
                Tensor.vector(0.1, 0.5, 0.95));
        FiniteDifferences.assertGradient("entropy of logits", l -> Bernoulli.ofLogits(l).entropy(),
                Tensor.vector(-3.2, 0.0, 4.0));
        FiniteDifferences.assertGradient("variance of logits", l -> Bernoulli.ofLogits(l).variance(),
                Tensor.vector(-3.2, 0.0, 4.0));
    }

    @Test
    void theCertainOutcomeHasAFiniteGradientAtProbabilityZeroAndOne() {
        // d/dp log(1 - p) = -1 at p = 0 and d/dp log p = 1 at p = 1: no NaN from the branch not taken.
        Tensor p = Tensor.variable(Tensor.vector(0.0, 1.0));
        Tensor logProb = Bernoulli.of(p).logProb(Tensor.vector(0, 1)).sum();
        assertArrayEquals(new double[] {-1.0, 1.0}, Autodiff.gradients(logProb).of(p).toArray(), 0.0);
    }

    @Test
    void samplesHaveTheMean() {
        Bernoulli coins = Bernoulli.of(Tensor.vector(0.0, 0.3, 1.0));
        Rng rng = Rng.seeded(11);
        double[] sums = new double[3];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            double[] draw = coins.sample(rng).toArray();
            for (int k = 0; k < 3; k++) {
                sums[k] += draw[k];
            }
        }
        assertEquals(0.0, sums[0]);
        assertEquals(draws, sums[2]);
        // Standard error of the mean sqrt(0.21 / 20000) = 0.0032: 5 standard errors is 0.016.
        assertEquals(0.3, sums[1] / draws, 0.016);
    }

    @Test
    void parametersBroadcastToTheBatchAndExpandAndToEventWork() {
        Bernoulli coins = Bernoulli.of(Tensor.matrix(new double[][] {{0.2, 0.5}}));
        assertArrayEquals(new int[] {1, 2}, coins.batchShape());
        assertArrayEquals(new int[] {3, 1, 2}, coins.logProb(Tensor.zeros(3, 1, 1)).shape());
        Distribution expanded = coins.expand(4, 2);
        assertArrayEquals(new int[] {4, 2}, expanded.sample(Rng.seeded(1)).shape());
        Distribution vector = coins.toEvent(1);
        assertArrayEquals(new int[] {2}, vector.eventShape());
        assertEquals(Math.log(0.2) + Math.log(0.5), vector.logProb(Tensor.vector(1, 1)).toArray()[0], 1e-15);
        assertTrue(coins.isDiscrete());
    }

    @Test
    void badParametersAndValuesAreNamed() {
        assertEquals("Bernoulli: parameter probs[1] = 1.5 is outside unit_interval", assertThrows(
                IllegalArgumentException.class, () -> Bernoulli.of(Tensor.vector(0.5, 1.5))).getMessage());
        assertEquals("Bernoulli: parameter logits = NaN is outside real", assertThrows(
                IllegalArgumentException.class, () -> Bernoulli.ofLogits(Double.NaN)).getMessage());
        assertEquals("value = 0.5 is outside the support boolean of Bernoulli(probs=0.3)", assertThrows(
                IllegalArgumentException.class, () -> Bernoulli.of(0.3).logProb(Tensor.scalar(0.5))).getMessage());
    }
}
