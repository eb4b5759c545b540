package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BetaTest {

    @Test
    void everyGoldenRecordMatchesTorch() {
        // #42 Beta(1, 1).logProb(0): torch computes 0 * log 0 = NaN inside its Dirichlet formula; the density of the
        // uniform distribution at 0 is 1, so Trellis (xlogy) returns its log, exactly 0.0 (deviation (b)).
        int records = GammaFamiliesTesting.runGolden("Beta",
                c -> Beta.of(c.param("concentration1"), c.param("concentration0")), Map.of(42, 0.0));
        assertEquals(6, records);
    }

    @Test
    void logProbGradientsMatchFiniteDifferencesInEveryParameterAndTheValue() {
        GradientChecker.check("Beta.logProb", x -> Beta.of(x[0], x[1]).logProb(x[2]),
                Tensor.vector(0.5, 2, 30), Tensor.vector(1.5, 0.3, 7), Tensor.vector(0.2, 0.9, 0.75));
        GradientChecker.check("Beta.mean, variance and entropy",
                x -> Beta.of(x[0], x[1]).mean().add(Beta.of(x[0], x[1]).variance()).add(Beta.of(x[0], x[1]).entropy()),
                Tensor.vector(0.5, 2, 30), Tensor.vector(1.5, 0.3, 7));
    }

    @Test
    void rsampleIsTheRatioOfTwoGammasWithTheirImplicitGradients() {
        // The same seed replays the two gamma draws X, Y; x = X / (X + Y) so dx/da = Y / (X + Y)^2 dX/da and
        // dx/db = -X / (X + Y)^2 dY/db, with dX/da, dY/db the implicit gamma gradients.
        Tensor a = Tensor.variable(Tensor.scalar(0.7));
        Tensor b = Tensor.variable(Tensor.scalar(2.5));
        Tensor draw = Beta.of(a, b).rsample(Rng.seeded(8));
        Rng replay = Rng.seeded(8);
        double x = StandardGamma.draw(0.7, replay);
        double y = StandardGamma.draw(2.5, replay);
        assertEquals(x / (x + y), draw.item(), 1e-16);
        Gradients gradients = Autodiff.gradients(draw);
        double square = (x + y) * (x + y);
        assertEquals(y / square * ImplicitGammaGradient.dxda(0.7, x), gradients.of(a).item(), 1e-14);
        assertEquals(-x / square * ImplicitGammaGradient.dxda(2.5, y), gradients.of(b).item(), 1e-14);
    }

    @Test
    void rsampleGradientsAreUnbiasedForTheGradientOfTheMean() {
        // d/da E[x] = b / (a + b)^2 and d/db E[x] = -a / (a + b)^2; the average per-draw gradient over 20000 draws is
        // within 5 standard errors (estimated from the same draws).
        int n = 20000;
        double a = 0.6;
        double b = 3;
        Tensor as = Tensor.variable(Tensor.full(a, n));
        Tensor bs = Tensor.variable(Tensor.full(b, n));
        Gradients gradients = Autodiff.gradients(Beta.of(as, bs).rsample(Rng.seeded(21)).sum());
        assertUnbiased("d/da", b / ((a + b) * (a + b)), gradients.of(as).toArray());
        assertUnbiased("d/db", -a / ((a + b) * (a + b)), gradients.of(bs).toArray());
    }

    @Test
    void samplesHaveTheDistributionsMeanAndVariance() {
        // 40000 draws: the sample mean has standard error sqrt(var / n); since |x - mean| <= 1 the fourth central
        // moment is at most var, so the sample variance has standard error at most sqrt(var / n). 5 of each.
        int n = 40000;
        for (double[] ab : new double[][] {{0.1, 0.9}, {0.5, 0.5}, {2, 3}, {40, 7}}) {
            Beta beta = Beta.of(Tensor.full(ab[0], n), Tensor.full(ab[1], n));
            Tensor draws = beta.sample(Rng.seeded(31));
            double mean = beta.mean().toArray()[0];
            double variance = beta.variance().toArray()[0];
            double sampleMean = draws.mean().item();
            double sampleVariance = draws.sub(sampleMean).square().mean().item();
            String what = "Beta(" + ab[0] + ", " + ab[1] + ")";
            assertEquals(mean, sampleMean, 5 * Math.sqrt(variance / n), what + " mean");
            assertEquals(variance, sampleVariance, 5 * Math.sqrt(variance / n), what + " variance");
            assertTrue(beta.support().isSatisfiedBy(draws), what + " draws in [0, 1]");
        }
    }

    @Test
    void shapesBroadcastExpandAndToEvent() {
        Beta beta = Beta.of(Tensor.vector(1, 2, 3), Tensor.matrix(new double[][] {{1}, {2}}));
        assertArrayEquals(new int[] {2, 3}, beta.batchShape());
        assertEquals(new Constraint.UnitInterval(), beta.support());
        assertArrayEquals(new int[] {4, 2, 3}, beta.logProb(Tensor.full(0.5, 4, 1, 3)).shape());
        assertArrayEquals(new int[] {2, 3}, beta.rsample(Rng.seeded(1)).shape());
        Distribution event = beta.expand(5, 2, 3).toEvent(2);
        assertArrayEquals(new int[] {5}, event.batchShape());
        assertArrayEquals(new int[] {5, 2, 3}, event.sample(Rng.seeded(2)).shape());
        Tensor value = Tensor.full(0.25, 2, 3);
        assertEquals(beta.logProb(value).sum().item(), event.logProb(value).toArray()[4], 1e-14);
        assertEquals("Beta(concentration1=2.0, concentration0=3.0)", Beta.of(2, 3).toString());
    }

    @Test
    void badParametersAndValuesAreRejectedWithOneMessageShape() {
        assertEquals("Beta: parameter concentration0 = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Beta.of(1, 0)).getMessage());
        assertEquals("Beta: parameter concentration1[2] = -3.0 is outside positive",
                assertThrows(IllegalArgumentException.class,
                        () -> Beta.of(Tensor.vector(1, 2, -3), Tensor.scalar(1))).getMessage());
        assertEquals("value = 1.5 is outside the support unit_interval of Beta(concentration1=2.0, "
                + "concentration0=2.0)", assertThrows(IllegalArgumentException.class,
                        () -> Beta.of(2, 2).logProb(Tensor.scalar(1.5))).getMessage());
    }

    static void assertUnbiased(String what, double expected, double[] slopes) {
        double mean = 0;
        double square = 0;
        for (double s : slopes) {
            mean += s / slopes.length;
            square += s * s / slopes.length;
        }
        double standardError = Math.sqrt((square - mean * mean) / slopes.length);
        assertTrue(Math.abs(mean - expected) < 5 * standardError, what + ": mean gradient " + mean + " +- "
                + standardError + ", expected " + expected);
    }
}
