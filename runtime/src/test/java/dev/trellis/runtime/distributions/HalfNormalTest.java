package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HalfNormalTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("HalfNormal", 4, c -> HalfNormal.of(c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("HalfNormal", p -> HalfNormal.of(p[0]),
                Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, 0.2, 7.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("HalfNormal", p -> HalfNormal.of(p[0]), 29,
                Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsTheAbsoluteNormalDraw() {
        assertEquals(Math.abs(2.0 * Rng.seeded(4).nextGaussian()), HalfNormal.of(2.0).rsample(Rng.seeded(4)).item(),
                0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // scale 2: variance 1.45, excess kurtosis 8 (pi - 3) / (pi - 2)^2 = 0.869; 20000 draws give standard errors
        // 0.0085 (mean) and 0.020 (variance); bound 4 standard errors.
        double variance = HalfNormal.of(2.0).variance().item();
        double excessKurtosis = 8 * (Math.PI - 3) / ((Math.PI - 2) * (Math.PI - 2));
        ContinuousFamilyChecks.momentsMatch(HalfNormal.of(2.0), 20000, 13,
                (3 + excessKurtosis) * variance * variance, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        HalfNormal d = HalfNormal.of(Tensor.vector(0.5, 1.0));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.GreaterThanEq(0), d.support());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(HalfNormal.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("HalfNormal: parameter scale[0] = -1.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> HalfNormal.of(Tensor.vector(-1.0))).getMessage());
        assertEquals("value = -0.5 is outside the support nonnegative of HalfNormal(scale=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> HalfNormal.of(1.0).logProb(Tensor.scalar(-0.5))).getMessage());
    }
}
