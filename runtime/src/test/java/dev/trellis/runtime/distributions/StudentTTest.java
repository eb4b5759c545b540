package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudentTTest {

    @Test
    void everyGoldenRecordMatchesTorch() {
        // #27 df = 1e6: torch's lgamma(df/2) - lgamma((df+1)/2) cancels and lands ~2e-10 from the exact log-density;
        // Trellis uses the same formula and matches torch within 1e-9 relative.
        int records = GammaFamiliesTesting.runGolden("StudentT",
                c -> StudentT.of(c.param("df"), c.param("loc"), c.param("scale")), Map.of());
        assertEquals(5, records);
    }

    @Test
    void logProbGradientsMatchFiniteDifferencesInEveryParameterAndTheValue() {
        GradientChecker.check("StudentT.logProb", x -> StudentT.of(x[0], x[1], x[2]).logProb(x[3]),
                Tensor.vector(0.5, 3.5, 40), Tensor.vector(-1, 0, 2), Tensor.vector(0.5, 1, 3),
                Tensor.vector(2, -0.3, 7));
        GradientChecker.check("StudentT.mean, variance and entropy", x -> {
            StudentT t = StudentT.of(x[0], x[1], x[2]);
            return t.mean().add(t.variance()).add(t.entropy());
        }, Tensor.vector(2.5, 3.5, 40), Tensor.vector(-1, 0, 2), Tensor.vector(0.5, 1, 3));
    }

    @Test
    void theVarianceBranchesDoNotLeakNaNIntoGradients() {
        Tensor df = Tensor.variable(Tensor.vector(0.5, 2, 5));
        Tensor scale = Tensor.variable(Tensor.scalar(2));
        Tensor variance = StudentT.of(df, Tensor.scalar(0), scale).variance();
        assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 4 * 5 / 3.0}, variance.toArray(), 1e-15);
        var gradients = Autodiff.gradients(variance.select(0, 2));
        assertArrayEquals(new double[] {0, 0, -8 / 9.0}, gradients.of(df).toArray(), 1e-15);
        assertEquals(2 * 2 * 5 / 3.0, gradients.of(scale).item(), 1e-15);
    }

    @Test
    void rsampleGradientsInLocAndScaleMatchFiniteDifferencesOfTheSameDraw() {
        Tensor df = Tensor.vector(0.8, 6);
        GradientChecker.check("StudentT.rsample in loc and scale",
                x -> StudentT.of(df, x[0], x[1]).rsample(Rng.seeded(4)), Tensor.vector(-1, 3), Tensor.vector(0.5, 2));
    }

    @Test
    void rsampleGradientInDfGoesThroughTheChiSquaresImplicitGradient() {
        // x = loc + scale z sqrt(df / V) with V = 2 G, G ~ Gamma(df/2, 1), dV/ddf = dG/da at a = df/2; so
        // dx/ddf = scale z (V - df dV/ddf) / (2 V^2 sqrt(df / V)).
        double dfValue = 3.5;
        Tensor df = Tensor.variable(Tensor.scalar(dfValue));
        Tensor draw = StudentT.of(df, Tensor.scalar(1), Tensor.scalar(2)).rsample(Rng.seeded(6));
        Rng replay = Rng.seeded(6);
        double z = replay.nextGaussian();
        double g = StandardGamma.draw(dfValue / 2, replay);
        double v = 2 * g;
        double root = Math.sqrt(dfValue / v);
        assertEquals(1 + 2 * z * root, draw.item(), 1e-15);
        double dv = ImplicitGammaGradient.dxda(dfValue / 2, g);
        double expected = 2 * z * (v - dfValue * dv) / (2 * v * v * root);
        assertEquals(expected, Autodiff.gradients(draw).of(df).item(), 1e-14 * Math.abs(expected));
    }

    @Test
    void samplesHaveTheDistributionsMeanAndVariance() {
        // df = 9: the sample mean has standard error sqrt(var / n); the fourth central moment of t(9) is
        // 3 df^2 / ((df-2)(df-4)) scale^4, so the sample variance has standard error sqrt((mu4 - var^2) / n). 5 of each.
        int n = 40000;
        double df = 9;
        double scale = 1.5;
        StudentT t = StudentT.of(Tensor.full(df, n), Tensor.full(2, n), Tensor.full(scale, n));
        Tensor draws = t.sample(Rng.seeded(13));
        double variance = scale * scale * df / (df - 2);
        double mu4 = 3 * df * df / ((df - 2) * (df - 4)) * Math.pow(scale, 4);
        double sampleMean = draws.mean().item();
        assertEquals(2, sampleMean, 5 * Math.sqrt(variance / n));
        assertEquals(variance, draws.sub(sampleMean).square().mean().item(),
                5 * Math.sqrt((mu4 - variance * variance) / n));
    }

    @Test
    void shapesBroadcastExpandAndToEvent() {
        StudentT t = StudentT.of(Tensor.vector(1, 2, 3), Tensor.matrix(new double[][] {{0}, {1}}), Tensor.scalar(1));
        assertArrayEquals(new int[] {2, 3}, t.batchShape());
        assertEquals(new Constraint.Real(), t.support());
        assertArrayEquals(new int[] {4, 2, 3}, t.logProb(Tensor.zeros(4, 1, 3)).shape());
        assertArrayEquals(new int[] {2, 3}, t.rsample(Rng.seeded(1)).shape());
        Distribution event = t.expand(5, 2, 3).toEvent(1);
        assertArrayEquals(new int[] {5, 2, 3}, event.sample(Rng.seeded(2)).shape());
        assertArrayEquals(new int[] {3}, event.eventShape());
        assertArrayEquals(new int[] {5, 2}, event.logProb(Tensor.zeros(2, 3)).shape());
        assertEquals("StudentT(df=3.5, loc=0.0, scale=1.0)", StudentT.of(3.5, 0, 1).toString());
    }

    @Test
    void badParametersAndValuesAreRejectedWithOneMessageShape() {
        assertEquals("StudentT: parameter df = 0.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> StudentT.of(0, 0, 1)).getMessage());
        assertEquals("StudentT: parameter loc = NaN is outside real",
                assertThrows(IllegalArgumentException.class, () -> StudentT.of(1, Double.NaN, 1)).getMessage());
        assertEquals("StudentT: parameter scale = -2.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> StudentT.of(1, 0, -2)).getMessage());
        assertEquals("value[1] = NaN is outside the support real of StudentT(df=3.0, loc=0.0, scale=1.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> StudentT.of(3, 0, 1).logProb(Tensor.vector(0, Double.NaN))).getMessage());
    }
}
