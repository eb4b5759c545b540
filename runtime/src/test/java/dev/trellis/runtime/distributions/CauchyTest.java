package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CauchyTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("Cauchy", 4, c -> Cauchy.of(c.param("loc"), c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("Cauchy", p -> Cauchy.of(p[0], p[1]),
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, -0.4, 12.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("Cauchy", p -> Cauchy.of(p[0], p[1]), 31,
                Tensor.vector(0.3, -1.2, 2.0), Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsTheInverseCdfOfAUniformDraw() {
        assertEquals(1.0 + 2.0 * Math.tan(Math.PI * (Rng.seeded(6).nextDouble() - 0.5)),
                Cauchy.of(1.0, 2.0).rsample(Rng.seeded(6)).item(), 0.0);
    }

    @Test
    void sampleQuartilesMatch() {
        // No moments: check the quartiles loc - scale, loc, loc + scale. With 20000 draws the binomial standard error
        // of a fraction near 1/4 is 0.0031 and near 1/2 is 0.0035; bound 4 standard errors.
        Cauchy d = Cauchy.of(-1.0, 2.5);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 14, -3.5, 0.25, 4);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 15, -1.0, 0.5, 4);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 16, 1.5, 0.75, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        Cauchy d = Cauchy.of(Tensor.vector(0.0, 1.0), Tensor.scalar(0.5));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.Real(), d.support());
        assertArrayEquals(new double[] {Double.NaN, Double.NaN}, d.mean().toArray(), 0.0);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, d.variance().toArray(),
                0.0);
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(Cauchy.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("Cauchy: parameter scale = -2.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Cauchy.of(0.0, -2.0)).getMessage());
        assertEquals("value = NaN is outside the support real of Cauchy(loc=0.0, scale=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> Cauchy.of(0.0, 1.0).logProb(Tensor.scalar(Double.NaN))).getMessage());
    }
}
