package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.api.Test;

class LowRankMultivariateNormalTest {

    private static final Tensor LOC = Tensor.vector(1.0, -1.0, 0.5, 2.0);
    private static final Tensor FACTOR = Tensor.matrix(new double[][] {{0.5, -1.2}, {2.0, 0.1}, {0.4, 0.9},
        {-0.3, 0.2}});
    private static final Tensor DIAG = Tensor.vector(0.3, 1.5, 0.8, 0.2);

    private static LowRankMultivariateNormal distribution() {
        return LowRankMultivariateNormal.of(LOC, FACTOR, DIAG);
    }

    /** The same law as a MultivariateNormal whose scale_tril EJML factors from the dense covariance. */
    private static MultivariateNormal dense() {
        DMatrixRMaj covariance = distribution().covarianceMatrix().toMatrix();
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(4, true);
        assertTrue(cholesky.decompose(covariance.copy()));
        return MultivariateNormal.of(LOC, Tensor.fromMatrix(cholesky.getT(null)));
    }

    @Test
    void theCovarianceIsLowRankPlusDiagonal() {
        double[][] w = FACTOR.toRows();
        double[] d = DIAG.toArray();
        double[][] covariance = distribution().covarianceMatrix().toRows();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = w[i][0] * w[j][0] + w[i][1] * w[j][1] + (i == j ? d[i] : 0);
                assertEquals(expected, covariance[i][j], 1e-15);
            }
        }
        assertArrayEquals(dense().variance().toArray(), distribution().variance().toArray(), 1e-13);
    }

    @Test
    void logProbAndEntropyEqualTheDenseMultivariateNormals() {
        Tensor values = Tensor.matrix(new double[][] {{0.1, -0.4, 1.2, 2.5}, {2.0, 0.0, -1.0, 1.0}});
        assertArrayEquals(dense().logProb(values).toArray(), distribution().logProb(values).toArray(), 1e-12);
        assertEquals(dense().entropy().item(), distribution().entropy().item(), 1e-12);
        assertArrayEquals(new int[] {2}, distribution().logProb(values).shape());
    }

    @Test
    void gradientsReachEveryParameterAndTheValue() {
        Tensor value = Tensor.vector(0.1, -0.4, 1.2, 2.5);
        FiniteDifferences.assertGradient("loc", loc -> LowRankMultivariateNormal.of(loc, FACTOR, DIAG).logProb(value),
                LOC);
        FiniteDifferences.assertGradient("cov_factor", w -> LowRankMultivariateNormal.of(LOC, w, DIAG).logProb(value),
                FACTOR);
        FiniteDifferences.assertGradient("cov_diag", d -> LowRankMultivariateNormal.of(LOC, FACTOR, d).logProb(value),
                DIAG);
        FiniteDifferences.assertGradient("value", x -> distribution().logProb(x), value);
        FiniteDifferences.assertGradient("entropy", w -> LowRankMultivariateNormal.of(LOC, w, DIAG).entropy(), FACTOR);
        FiniteDifferences.assertGradient("rsample", w -> LowRankMultivariateNormal.of(LOC, w, DIAG)
                .rsample(Rng.seeded(4)).square(), FACTOR);
    }

    @Test
    void rsampleIsLocPlusTheFactorTimesRankNoisePlusScaledDiagonalNoise() {
        Rng noise = Rng.seeded(9);
        double[] epsW = {noise.nextGaussian(), noise.nextGaussian()};
        double[] epsD = new double[4];
        for (int i = 0; i < 4; i++) {
            epsD[i] = noise.nextGaussian();
        }
        double[] draw = distribution().rsample(Rng.seeded(9)).toArray();
        double[][] w = FACTOR.toRows();
        for (int i = 0; i < 4; i++) {
            double expected = LOC.toArray()[i] + w[i][0] * epsW[0] + w[i][1] * epsW[1]
                    + Math.sqrt(DIAG.toArray()[i]) * epsD[i];
            assertEquals(expected, draw[i], 1e-14);
        }
    }

    @Test
    void batchedParametersBroadcast() {
        Tensor locs = Tensor.stack(0, LOC, LOC.add(1.0), LOC.mul(-1.0));
        LowRankMultivariateNormal batched = LowRankMultivariateNormal.of(locs, FACTOR, DIAG);
        assertArrayEquals(new int[] {3}, batched.batchShape());
        Tensor value = Tensor.vector(0.1, -0.4, 1.2, 2.5);
        double[] each = batched.logProb(value).toArray();
        for (int b = 0; b < 3; b++) {
            assertEquals(LowRankMultivariateNormal.of(locs.select(0, b), FACTOR, DIAG).logProb(value).item(), each[b],
                    1e-13);
        }
    }

    @Test
    void badParametersAreRejectedByName() {
        IllegalArgumentException diag = assertThrows(IllegalArgumentException.class,
                () -> LowRankMultivariateNormal.of(LOC, FACTOR, Tensor.vector(0.3, -1.0, 0.8, 0.2)));
        assertTrue(diag.getMessage().contains("cov_diag[1] = -1.0"), diag.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LowRankMultivariateNormal.of(LOC, Tensor.zeros(3, 2), DIAG));
    }

    @Test
    void aRankOneFactorIsAllowedAndShapesThatDoNotFitAreNamed() {
        Tensor loc = Tensor.vector(0.0, 1.0);
        LowRankMultivariateNormal rankOne = LowRankMultivariateNormal.of(loc, Tensor.matrix(new double[][] {{1.0},
            {0.5}}), Tensor.vector(1.0, 2.0));
        // Covariance [[2, 0.5], [0.5, 2.25]]: the dense normal with its Cholesky factor gives the same density.
        double l11 = Math.sqrt(2.0);
        double l21 = 0.5 / l11;
        MultivariateNormal dense = MultivariateNormal.of(loc, Tensor.matrix(new double[][] {{l11, 0},
            {l21, Math.sqrt(2.25 - l21 * l21)}}));
        Tensor value = Tensor.vector(0.3, -0.4);
        assertEquals(dense.logProb(value).item(), rankOne.logProb(value).item(), 1e-14);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LowRankMultivariateNormal.of(loc, Tensor.zeros(2, 0), Tensor.vector(1.0, 2.0)));
        assertEquals("LowRankMultivariateNormal: needs loc [..., D], cov_factor [..., D, r] (r >= 1) and cov_diag "
                + "[..., D], got [2], [2, 0] and [2]", e.getMessage());
    }

    @Test
    void aValueOutsideTheRealsIsRejectedNamingIt() {
        LowRankMultivariateNormal d = LowRankMultivariateNormal.of(Tensor.vector(0.0, 1.0),
                Tensor.matrix(new double[][] {{1.0}, {0.5}}), Tensor.vector(1.0, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.logProb(Tensor.vector(0.0, Double.NaN)));
        assertTrue(e.getMessage().startsWith("value[1] = NaN is outside the support"), e.getMessage());
    }
}
