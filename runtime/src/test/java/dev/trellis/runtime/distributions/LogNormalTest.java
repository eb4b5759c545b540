package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LogNormalTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("LogNormal", 5, c -> LogNormal.of(c.param("loc"), c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("LogNormal", p -> LogNormal.of(p[0], p[1]),
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, 0.2, 7.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("LogNormal", p -> LogNormal.of(p[0], p[1]), 23,
                Tensor.vector(0.3, -1.2, 1.0), Tensor.vector(0.5, 0.7, 1.2));
    }

    @Test
    void rsampleIsTheNormalDrawExponentiated() {
        assertEquals(Math.exp(0.5 + 2.0 * Rng.seeded(9).nextGaussian()),
                LogNormal.of(0.5, 2.0).rsample(Rng.seeded(9)).item(), 0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // sigma = 0.25: variance 0.0727, excess kurtosis e^{4s^2} + 2e^{3s^2} + 3e^{2s^2} - 6 = 1.11, so with 40000
        // draws the standard errors are 0.0013 (mean) and 0.00093 (variance); bound 4 standard errors.
        double s2 = 0.0625;
        double variance = LogNormal.of(0.3, 0.25).variance().item();
        double excessKurtosis = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 6;
        ContinuousFamilyChecks.momentsMatch(LogNormal.of(0.3, 0.25), 40000, 12,
                (3 + excessKurtosis) * variance * variance, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        LogNormal d = LogNormal.of(Tensor.vector(0.0, 1.0), Tensor.scalar(0.5));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.Positive(), d.support());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(LogNormal.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("LogNormal: parameter scale = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> LogNormal.of(0.0, 0.0)).getMessage());
        assertEquals("value[1] = 0.0 is outside the support positive of LogNormal(loc=0.0, scale=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> LogNormal.of(0.0, 1.0).logProb(Tensor.vector(1.0, 0.0))).getMessage());
    }
}
