package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LaplaceTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("Laplace", 3, c -> Laplace.of(c.param("loc"), c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferencesAwayFromTheKink() {
        ContinuousFamilyChecks.logProbGradients("Laplace", p -> Laplace.of(p[0], p[1]),
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, -0.4, -2.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("Laplace", p -> Laplace.of(p[0], p[1]), 41,
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsTorchsInverseCdf() {
        double eps = Math.ulp(1.0);
        double u = (eps - 1) + (2 - eps) * Rng.seeded(3).nextDouble();
        assertEquals(1.0 - 2.0 * Math.signum(u) * Math.log1p(-Math.abs(u)),
                Laplace.of(1.0, 2.0).rsample(Rng.seeded(3)).item(), 0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // Laplace(1, 2): variance 8, excess kurtosis 3, so mu4 = 6 var^2; 20000 draws give standard errors 0.020
        // (mean) and 0.126 (variance); bound 4 standard errors.
        double variance = 8.0;
        ContinuousFamilyChecks.momentsMatch(Laplace.of(1.0, 2.0), 20000, 20, 6 * variance * variance, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        Laplace d = Laplace.of(Tensor.vector(0.0, 1.0), Tensor.scalar(0.5));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.Real(), d.support());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(Laplace.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertTrue(draw.get(0, 0) != draw.get(1, 0), "every batch member is its own draw");
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("Laplace: parameter loc[1] = NaN is outside real", assertThrows(IllegalArgumentException.class,
                () -> Laplace.of(Tensor.vector(0, Double.NaN), Tensor.scalar(1))).getMessage());
        assertEquals("Laplace: parameter scale = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Laplace.of(0.0, 0.0)).getMessage());
    }
}
