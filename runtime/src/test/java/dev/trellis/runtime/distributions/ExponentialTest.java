package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExponentialTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        // Includes Exponential(1).log_prob(-1): 1.0 from torch's formula alone, rejected with validation, so here.
        GoldenFamilyChecks.checkAll("Exponential", 4, c -> Exponential.of(c.param("rate")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("Exponential", p -> Exponential.of(p[0]),
                Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, 0.2, 7.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("Exponential", p -> Exponential.of(p[0]), 43,
                Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsAStandardExponentialDrawOverTheRate() {
        assertEquals(Rng.seeded(7).nextExponential() / 2.5, Exponential.of(2.5).rsample(Rng.seeded(7)).item(), 0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // Exponential(2.5): variance 0.16, excess kurtosis 6, so mu4 = 9 var^2; 20000 draws give standard errors
        // 0.0028 (mean) and 0.0032 (variance); bound 4 standard errors.
        double variance = 0.16;
        ContinuousFamilyChecks.momentsMatch(Exponential.of(2.5), 20000, 21, 9 * variance * variance, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        Exponential d = Exponential.of(Tensor.vector(0.5, 1.0));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.GreaterThanEq(0), d.support());
        assertArrayEquals(new int[] {4, 2}, d.logProb(Tensor.zeros(4, 1)).shape());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(Exponential.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("Exponential: parameter rate = -1.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Exponential.of(-1.0)).getMessage());
        assertEquals("value = -1.0 is outside the support nonnegative of Exponential(rate=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> Exponential.of(1.0).logProb(Tensor.scalar(-1.0))).getMessage());
    }
}
