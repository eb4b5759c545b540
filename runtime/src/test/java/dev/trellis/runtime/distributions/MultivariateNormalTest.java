package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultivariateNormalTest {

    private static final Tensor LOC = Tensor.vector(1.0, -1.0, 0.5);
    private static final Tensor SCALE_TRIL = Tensor.matrix(new double[][] {{1.0, 0, 0}, {0.3, 0.8, 0}, {-0.2, 0.4,
        0.5}});

    /**
     * Keeps a finite difference in the upper triangle from leaving lower_cholesky: the factor is the lower triangle
     * of the variable, so the upper entries get gradient 0 both ways.
     */
    private static Tensor lower(Tensor l) {
        return l.mul(Tensor.matrix(new double[][] {{1, 0, 0}, {1, 1, 0}, {1, 1, 1}}));
    }

    @Test
    void matchesEveryGoldenRecord() {
        GoldenRecords.checkAll("MultivariateNormal", c -> MultivariateNormal.of(c.param("loc"), c.param("scale_tril")),
                Map.of());
    }

    @Test
    void logProbGradientsReachLocScaleTrilAndTheValue() {
        Tensor value = Tensor.matrix(new double[][] {{0.1, -0.4, 1.2}, {2.0, 0.0, -1.0}});
        FiniteDifferences.assertGradient("loc", loc -> MultivariateNormal.of(loc, SCALE_TRIL).logProb(value), LOC);
        FiniteDifferences.assertGradient("scale_tril", l -> MultivariateNormal.of(LOC, lower(l)).logProb(value),
                SCALE_TRIL);
        FiniteDifferences.assertGradient("value", x -> MultivariateNormal.of(LOC, SCALE_TRIL).logProb(x), value);
        FiniteDifferences.assertGradient("entropy", l -> MultivariateNormal.of(LOC, lower(l)).entropy(), SCALE_TRIL);
        FiniteDifferences.assertGradient("variance", l -> MultivariateNormal.of(LOC, lower(l)).variance(), SCALE_TRIL);
    }

    @Test
    void rsampleIsDifferentiableInTheParametersForTheSameDraw() {
        FiniteDifferences.assertGradient("rsample by loc", loc -> MultivariateNormal.of(loc, SCALE_TRIL)
                .rsample(Rng.seeded(3)), LOC);
        FiniteDifferences.assertGradient("rsample by scale_tril", l -> MultivariateNormal.of(LOC, lower(l))
                .rsample(Rng.seeded(3)).square(), SCALE_TRIL);
        assertTrue(MultivariateNormal.of(LOC, SCALE_TRIL).hasRsample());
    }

    @Test
    void samplesHaveTheMeanAndCovariance() {
        MultivariateNormal d = MultivariateNormal.of(LOC, SCALE_TRIL);
        Rng rng = Rng.seeded(17);
        int draws = 40_000;
        double[] sum = new double[3];
        double[][] products = new double[3][3];
        for (int n = 0; n < draws; n++) {
            double[] x = d.sample(rng).toArray();
            for (int i = 0; i < 3; i++) {
                sum[i] += x[i];
                for (int j = 0; j < 3; j++) {
                    products[i][j] += x[i] * x[j];
                }
            }
        }
        double[][] covariance = SCALE_TRIL.matmul(SCALE_TRIL.transpose()).toRows();
        for (int i = 0; i < 3; i++) {
            double mean = sum[i] / draws;
            // Variances are at most 1: standard error of a mean <= 0.005, of a covariance entry <= sqrt(2 / 40000)
            // = 0.0071; 5 standard errors each.
            assertEquals(LOC.toArray()[i], mean, 0.025);
            for (int j = 0; j < 3; j++) {
                double meanJ = sum[j] / draws;
                assertEquals(covariance[i][j], products[i][j] / draws - mean * meanJ, 0.036, "cov " + i + j);
            }
        }
        assertArrayEquals(new double[] {covariance[0][0], covariance[1][1], covariance[2][2]},
                d.variance().toArray(), 1e-15);
    }

    @Test
    void batchShapesBroadcastAndExpandAndToEventWork() {
        Tensor locs = Tensor.zeros(4, 3);
        MultivariateNormal d = MultivariateNormal.of(locs, SCALE_TRIL);
        assertArrayEquals(new int[] {4}, d.batchShape());
        assertArrayEquals(new int[] {3}, d.eventShape());
        assertArrayEquals(new int[] {4, 3}, d.sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {4}, d.entropy().shape());
        assertArrayEquals(new int[] {2, 4}, d.logProb(Tensor.zeros(2, 1, 3)).shape());
        assertArrayEquals(new int[] {5, 4, 3}, d.expand(5, 4).sample(Rng.seeded(2)).shape());
        assertEquals(4 * d.logProb(Tensor.zeros(3)).toArray()[0], d.toEvent(1).logProb(Tensor.zeros(4, 3)).item(),
                1e-12);
        MultivariateNormal stacked = MultivariateNormal.of(LOC, SCALE_TRIL.expand(2, 3, 3));
        assertArrayEquals(new int[] {2}, stacked.batchShape());
        assertArrayEquals(new int[] {2, 3}, stacked.mean().shape());
    }

    @Test
    void badParametersAndValuesAreNamed() {
        assertEquals("MultivariateNormal: needs loc of shape [..., D] and scale_tril of shape [..., D, D], got [3] "
                + "and [2, 2]", assertThrows(IllegalArgumentException.class,
                () -> MultivariateNormal.of(LOC, Tensor.zeros(2, 2))).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultivariateNormal.of(
                Tensor.vector(0, 0), Tensor.matrix(new double[][] {{1, 0.5}, {0, 1}})));
        // The index is the first entry of the offending matrix, as for every event constraint.
        assertEquals("MultivariateNormal: parameter scale_tril[0] = 1.0 is outside lower_cholesky", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultivariateNormal.of(LOC, SCALE_TRIL)
                .logProb(Tensor.vector(0, 0)));
        assertTrue(e.getMessage().startsWith("a value of shape [2] does not end in the event shape [3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultivariateNormal.of(LOC, SCALE_TRIL)
                .logProb(Tensor.vector(0, Double.NaN, 0)));
        assertTrue(e.getMessage().startsWith("value[1] = NaN is outside the support independent(real, 1)"),
                e.getMessage());
    }
}
