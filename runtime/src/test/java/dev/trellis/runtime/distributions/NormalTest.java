package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("Normal", 8, c -> Normal.of(c.param("loc"), c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("Normal", p -> Normal.of(p[0], p[1]),
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, -0.4, -2.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("Normal", p -> Normal.of(p[0], p[1]), 17,
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsLocPlusScaleTimesAGaussianDraw() {
        Tensor draw = Normal.of(2.0, 3.0).rsample(Rng.seeded(5));
        assertEquals(2.0 + 3.0 * Rng.seeded(5).nextGaussian(), draw.item(), 0.0);
        Tensor scale = Tensor.variable(Tensor.scalar(3.0));
        Tensor reparameterised = Normal.of(Tensor.scalar(2.0), scale).rsample(Rng.seeded(5));
        assertEquals(Rng.seeded(5).nextGaussian(), Autodiff.gradients(reparameterised).of(scale).item(), 0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // 20000 draws: standard errors sqrt(var/n) = 0.021 for the mean, sqrt(2 var^2/n) = 0.040 for the variance;
        // 4 standard errors leave a false alarm rate below 1e-4 per check for this fixed seed.
        double variance = 9.0;
        ContinuousFamilyChecks.momentsMatch(Normal.of(-1.0, 3.0), 20000, 11, 3 * variance * variance, 4);
    }

    @Test
    void parametersBroadcastToTheBatchShape() {
        Normal normal = Normal.of(Tensor.vector(0.0, 1.0, 2.0), Tensor.matrix(new double[][] {{1.0}, {2.0}}));
        assertArrayEquals(new int[] {2, 3}, normal.batchShape());
        assertArrayEquals(new int[0], normal.eventShape());
        assertArrayEquals(new int[] {2, 3}, normal.sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {2, 3}, normal.logProb(Tensor.scalar(0.5)).shape());
        assertArrayEquals(new int[] {4, 2, 3}, normal.logProb(Tensor.zeros(4, 1, 1)).shape());
        assertArrayEquals(new int[] {2, 3}, normal.entropy().shape());
        assertEquals(new Constraint.Real(), normal.support());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normal.of(Tensor.vector(0, 1, 2), Tensor.vector(1, 2)));
        assertTrue(e.getMessage().startsWith("Normal: parameter shapes do not broadcast"), e.getMessage());
    }

    @Test
    void expandBroadcastsTheParametersAndToEventSumsTheDensity() {
        Distribution grid = Normal.of(0.0, 1.0).expand(2, 3);
        assertInstanceOf(Normal.class, grid);
        assertArrayEquals(new int[] {2, 3}, grid.batchShape());
        Tensor draw = grid.sample(Rng.seeded(3));
        assertTrue(draw.get(0, 0) != draw.get(1, 2), "every batch member is its own draw");
        Distribution vectors = grid.toEvent(1);
        assertArrayEquals(new int[] {2}, vectors.batchShape());
        assertArrayEquals(new int[] {3}, vectors.eventShape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), vectors.logProb(draw).toArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grid.expand(3));
        assertEquals("cannot expand Normal(loc=[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], scale=[[1.0, 1.0, 1.0], [1.0, 1.0, "
                + "1.0]]) with batch shape [2, 3] to batch shape [3]", e.getMessage());
    }

    @Test
    void badParametersAreNamedWithTheirIndexAndValue() {
        assertEquals("Normal: parameter scale[1] = -0.5 is outside positive", assertThrows(
                IllegalArgumentException.class, () -> Normal.of(Tensor.zeros(2), Tensor.vector(1.0, -0.5)))
                .getMessage());
        assertEquals("Normal: parameter loc = NaN is outside real", assertThrows(IllegalArgumentException.class,
                () -> Normal.of(Double.NaN, 1.0)).getMessage());
    }

    @Test
    void aNaNValueIsOutsideTheSupport() {
        Normal normal = Normal.of(Tensor.vector(0.0, 1.0), Tensor.vector(1.0, 1.0));
        assertEquals("value[1] = NaN is outside the support real of Normal(loc=[0.0, 1.0], scale=[1.0, 1.0])",
                assertThrows(IllegalArgumentException.class, () -> normal.logProb(Tensor.vector(0.0, Double.NaN)))
                        .getMessage());
    }
}
