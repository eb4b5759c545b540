package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HalfCauchyTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        GoldenFamilyChecks.checkAll("HalfCauchy", 4, c -> HalfCauchy.of(c.param("scale")));
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        ContinuousFamilyChecks.logProbGradients("HalfCauchy", p -> HalfCauchy.of(p[0]),
                Tensor.vector(0.5, 1.7, 3.0), Tensor.vector(1.1, 0.2, 27.5));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("HalfCauchy", p -> HalfCauchy.of(p[0]), 37,
                Tensor.vector(0.5, 1.7, 3.0));
    }

    @Test
    void rsampleIsTheFoldedCauchyDraw() {
        assertEquals(Math.abs(2.0 * Math.tan(Math.PI * (Rng.seeded(6).nextDouble() - 0.5))),
                HalfCauchy.of(2.0).rsample(Rng.seeded(6)).item(), 0.0);
    }

    @Test
    void sampleQuartilesMatch() {
        // The quartiles of HalfCauchy(s) are s tan(pi/8), s, s tan(3 pi/8). With 20000 draws the binomial standard
        // error is 0.0031 at 1/4 and 0.0035 at 1/2; bound 4 standard errors.
        HalfCauchy d = HalfCauchy.of(5.0);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 17, 5.0 * Math.tan(Math.PI / 8), 0.25, 4);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 18, 5.0, 0.5, 4);
        ContinuousFamilyChecks.quantileMatches(d, 20000, 19, 5.0 * Math.tan(3 * Math.PI / 8), 0.75, 4);
    }

    @Test
    void shapesExpandAndToEvent() {
        HalfCauchy d = HalfCauchy.of(Tensor.vector(0.5, 1.0));
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertEquals(new Constraint.GreaterThanEq(0), d.support());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(HalfCauchy.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("HalfCauchy: parameter scale = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> HalfCauchy.of(0.0)).getMessage());
        assertEquals("value[2] = -3.0 is outside the support nonnegative of HalfCauchy(scale=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> HalfCauchy.of(1.0).logProb(Tensor.vector(0, 1, -3))).getMessage());
    }
}
