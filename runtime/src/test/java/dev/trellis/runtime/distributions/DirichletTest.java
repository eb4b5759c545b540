package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirichletTest {

    @Test
    void everyGoldenRecordMatchesTorch() {
        // #50 [0, 1] under [2, 3] lies on the simplex's boundary: in the support, density 0, -Infinity as torch.
        // #51 [0.2, 0.3, 0.6] sums to 1.1: torch's validation rejects it, so Trellis throws.
        int records = GammaFamiliesTesting.runGolden("Dirichlet", c -> Dirichlet.of(c.param("concentration")),
                Map.of());
        assertEquals(6, records);
    }

    @Test
    void aBoundaryValueWithConcentrationOneHasTheLimitDensity() {
        // Dirichlet(1, 3) at (0, 1): density Gamma(4) / (Gamma(1) Gamma(3)) x_1^2 = 3; torch gives 0 * log 0 = NaN.
        assertEquals(Math.log(3), Dirichlet.of(1, 3).logProb(Tensor.vector(0, 1)).item(), 1e-15);
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        Tensor concentration = Tensor.matrix(new double[][] {{0.5, 2, 7}, {1.5, 0.3, 1}});
        Tensor value = Tensor.matrix(new double[][] {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}});
        GradientChecker.check("Dirichlet.logProb in the concentration",
                x -> Dirichlet.of(x[0]).logProb(value), concentration);
        // The value's gradient, along directions that stay on the simplex: x = softmax(z).
        GradientChecker.check("Dirichlet.logProb in the value",
                x -> Dirichlet.of(concentration).logProb(x[0].softmax(-1)), value.log());
        GradientChecker.check("Dirichlet.mean, variance and entropy",
                x -> Dirichlet.of(x[0]).mean().sum().add(Dirichlet.of(x[0]).variance().sum())
                        .add(Dirichlet.of(x[0]).entropy()), concentration);
    }

    @Test
    void rsampleGradientsAreUnbiasedForTheGradientOfTheMean() {
        // E[x_0] = alpha_0 / A with A = sum alpha: d/d alpha_0 = (A - alpha_0) / A^2, d/d alpha_j = -alpha_0 / A^2.
        int n = 20000;
        double[] alpha = {0.4, 1.5, 3};
        double total = 4.9;
        Tensor concentration = Tensor.variable(Tensor.vector(alpha).expand(n, 3));
        Tensor draws = Dirichlet.of(concentration).rsample(Rng.seeded(9));
        Tensor slopes = Autodiff.gradients(draws.select(1, 0).sum()).of(concentration);
        BetaTest.assertUnbiased("d x_0 / d alpha_0", (total - alpha[0]) / (total * total),
                slopes.select(1, 0).toArray());
        BetaTest.assertUnbiased("d x_0 / d alpha_2", -alpha[0] / (total * total), slopes.select(1, 2).toArray());
    }

    @Test
    void samplesLieOnTheSimplexWithTheDistributionsMoments() {
        // Each coordinate is Beta(alpha_k, A - alpha_k): the bounds of BetaTest (5 standard errors) apply.
        int n = 40000;
        Dirichlet dirichlet = Dirichlet.of(Tensor.vector(1, 0.1, 0.1, 0.1).expand(n, 4));
        Tensor draws = dirichlet.sample(Rng.seeded(12));
        assertTrue(new Constraint.Simplex().isSatisfiedBy(draws));
        double[] mean = dirichlet.mean().select(0, 0).toArray();
        double[] variance = dirichlet.variance().select(0, 0).toArray();
        for (int k = 0; k < 4; k++) {
            Tensor column = draws.select(1, k);
            double sampleMean = column.mean().item();
            double sampleVariance = column.sub(sampleMean).square().mean().item();
            assertEquals(mean[k], sampleMean, 5 * Math.sqrt(variance[k] / n), "mean " + k);
            assertEquals(variance[k], sampleVariance, 5 * Math.sqrt(variance[k] / n), "variance " + k);
        }
    }

    @Test
    void theLastDimensionIsTheEventAndTheRestBroadcast() {
        Dirichlet dirichlet = Dirichlet.of(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        assertArrayEquals(new int[] {2}, dirichlet.batchShape());
        assertArrayEquals(new int[] {3}, dirichlet.eventShape());
        assertEquals(3, dirichlet.categories());
        assertEquals(new Constraint.Simplex(), dirichlet.support());
        Tensor value = Tensor.vector(0.2, 0.3, 0.5).expand(4, 1, 3);
        assertArrayEquals(new int[] {4, 2}, dirichlet.logProb(value).shape());
        assertArrayEquals(new int[] {2, 3}, dirichlet.rsample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {2}, dirichlet.entropy().shape());
        Distribution expanded = dirichlet.expand(5, 2);
        assertArrayEquals(new int[] {5, 2, 3}, expanded.sample(Rng.seeded(3)).shape());
        Distribution event = dirichlet.toEvent(1);
        assertArrayEquals(new int[] {2, 3}, event.eventShape());
        assertEquals(dirichlet.logProb(value.select(0, 0)).sum().item(),
                event.logProb(value.select(0, 0)).item(), 1e-14);
        assertEquals("Dirichlet(concentration=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])", dirichlet.toString());
        assertEquals("Dirichlet(concentration=[0.5, 0.5])", Dirichlet.of(0.5, 0.5).toString());
    }

    @Test
    void badParametersAndValuesAreRejectedWithOneMessageShape() {
        assertEquals("Dirichlet: parameter concentration[1] = -2.0 is outside positive",
                assertThrows(IllegalArgumentException.class, () -> Dirichlet.of(1, -2, 3)).getMessage());
        assertEquals("Dirichlet: a parameter of shape [] has fewer than the 1 event dimension(s)",
                assertThrows(IllegalArgumentException.class, () -> Dirichlet.of(Tensor.scalar(1))).getMessage());
        assertEquals("value[0] = 0.2 is outside the support simplex of Dirichlet(concentration=[2.0, 3.0, 4.0])",
                assertThrows(IllegalArgumentException.class,
                        () -> Dirichlet.of(2, 3, 4).logProb(Tensor.vector(0.2, 0.3, 0.6))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Dirichlet.of(2, 3, 4).logProb(Tensor.vector(0.5, 0.5))).getMessage()
                .contains("does not end in the event shape [3]"));
    }
}
