package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GammaTest {

    @Test
    void everyGoldenRecordMatchesTorch() {
        int records = GammaFamiliesTesting.runGolden("Gamma",
                c -> Gamma.of(c.param("concentration"), c.param("rate")), Map.of());
        assertEquals(6, records);
    }

    @Test
    void logProbGradientsMatchFiniteDifferencesInEveryParameterAndTheValue() {
        GradientChecker.check("Gamma.logProb",
                x -> Gamma.of(x[0], x[1]).logProb(x[2]),
                Tensor.vector(0.5, 2, 30), Tensor.vector(1.5, 0.3, 2), Tensor.vector(0.2, 4, 17));
        GradientChecker.check("Gamma.mean, variance and entropy",
                x -> Gamma.of(x[0], x[1]).mean().add(Gamma.of(x[0], x[1]).variance())
                        .add(Gamma.of(x[0], x[1]).entropy()),
                Tensor.vector(0.5, 2, 30), Tensor.vector(1.5, 0.3, 2));
    }

    @Test
    void rsampleGradientInTheRateMatchesFiniteDifferencesOfTheSameDraw() {
        // x = X / rate for a standard gamma X that does not depend on the rate, so the same seed gives the same X.
        // (The gradient in the concentration is implicit; ImplicitGammaGradientTest checks it against the inverse
        // CDF, because Marsaglia-Tsang's accept/reject map is not the inverse CDF.)
        Tensor concentration = Tensor.vector(0.3, 4);
        GradientChecker.check("Gamma.rsample in rate",
                x -> Gamma.of(concentration, x[0]).rsample(Rng.seeded(11)), Tensor.vector(0.7, 3));
    }

    @Test
    void rsampleGradientInTheConcentrationIsTheImplicitGradientOverTheRate() {
        Tensor alpha = Tensor.variable(Tensor.scalar(2.5));
        Tensor draw = Gamma.of(alpha, Tensor.scalar(4)).rsample(Rng.seeded(5));
        double x = draw.item() * 4;
        double gradient = dev.trellis.runtime.autodiff.Autodiff.gradients(draw).of(alpha).item();
        assertEquals(ImplicitGammaGradient.dxda(2.5, x) / 4, gradient, 1e-15);
    }

    @Test
    void samplesHaveTheDistributionsMeanAndVariance() {
        // 40000 draws of Gamma(alpha, 2) per alpha. The sample mean has standard error sqrt(var / n) and the sample
        // variance sqrt((mu4 - var^2) / n) = var sqrt((2 + 6/alpha) / n) (excess kurtosis 6/alpha); 5 of them bound
        // a failure by chance below 1e-6.
        int n = 40000;
        for (double alpha : new double[] {0.05, 0.7, 1, 3.5, 200}) {
            Gamma gamma = Gamma.of(Tensor.full(alpha, n), Tensor.full(2, n));
            Tensor draws = gamma.sample(Rng.seeded(Double.doubleToLongBits(alpha)));
            double mean = alpha / 2;
            double variance = alpha / 4;
            double sampleMean = draws.mean().item();
            double sampleVariance = draws.sub(sampleMean).square().mean().item();
            assertEquals(mean, sampleMean, 5 * Math.sqrt(variance / n), "mean of Gamma(" + alpha + ", 2)");
            assertEquals(variance, sampleVariance, 5 * variance * Math.sqrt((2 + 6 / alpha) / n),
                    "variance of Gamma(" + alpha + ", 2)");
            assertTrue(draws.ge(StandardGamma.TINY).sum().item() == n, "draws are clamped to the smallest normal");
        }
    }

    @Test
    void parametersBroadcastToTheBatchShape() {
        Gamma gamma = Gamma.of(Tensor.vector(1, 2, 3), Tensor.matrix(new double[][] {{1}, {2}}));
        assertArrayEquals(new int[] {2, 3}, gamma.batchShape());
        assertArrayEquals(new int[0], gamma.eventShape());
        assertEquals(new Constraint.GreaterThanEq(0), gamma.support());
        assertArrayEquals(new int[] {4, 2, 3}, gamma.logProb(Tensor.full(0.5, 4, 1, 3)).shape());
        assertArrayEquals(new int[] {2, 3}, gamma.rsample(Rng.seeded(1)).shape());
        assertArrayEquals(new double[] {1, 2, 3, 0.5, 1, 1.5}, gamma.mean().toArray(), 0.0);
        assertEquals("Gamma(concentration=[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], "
                + "rate=[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])", gamma.toString());
        assertEquals("Gamma(concentration=2.0, rate=3.0)", Gamma.of(2, 3).toString());
    }

    @Test
    void expandAndToEventKeepTheDensity() {
        Gamma gamma = Gamma.of(Tensor.vector(1, 2), Tensor.scalar(1));
        Distribution expanded = gamma.expand(3, 2);
        assertArrayEquals(new int[] {3, 2}, expanded.sample(Rng.seeded(2)).shape());
        Distribution event = expanded.toEvent(1);
        Tensor value = Tensor.matrix(new double[][] {{0.5, 1}, {1, 2}, {3, 0.1}});
        assertArrayEquals(gamma.logProb(value).sum(1, false).toArray(), event.logProb(value).toArray(), 1e-15);
        assertArrayEquals(new int[] {3}, event.entropy().shape());
    }

    @Test
    void badParametersAndValuesAreRejectedWithOneMessageShape() {
        assertEquals("Gamma: parameter concentration = -1.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Gamma.of(-1, 1)).getMessage());
        assertEquals("Gamma: parameter rate[1] = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class,
                        () -> Gamma.of(Tensor.scalar(1), Tensor.vector(1, 0))).getMessage());
        assertEquals("Gamma: parameter concentration = NaN is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Gamma.of(Double.NaN, 1)).getMessage());
        assertEquals("value[1] = -0.5 is outside the support nonnegative of Gamma(concentration=2.0, "
                + "rate=1.0)", assertThrows(IllegalArgumentException.class,
                        () -> Gamma.of(2, 1).logProb(Tensor.vector(1, -0.5))).getMessage());
    }
}
