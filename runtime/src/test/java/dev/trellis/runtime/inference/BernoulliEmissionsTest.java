package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The Bernoulli emission product against direct summation of the log-densities, its zero-probability handling
 * against torch's {@code xlogy} convention, and its adjoint against finite differences, alone and through the
 * chain kernel.
 */
class BernoulliEmissionsTest {

    @Test
    void theProductEqualsDirectSummationOfTheLogDensities() {
        SplittableRandom random = new SplittableRandom(1);
        for (boolean fractional : new boolean[] {false, true}) {
            double[][] y = data(random, 9, 7, fractional);
            DMatrixRMaj p = probabilities(random, 4, 7, 0.0);
            DMatrixRMaj evidence = new DMatrixRMaj(1, 1);
            BernoulliEmissions.logEvidence(BernoulliObservations.of(y, 7), log(p, false), log(p, true), evidence);
            double[][] expected = direct(y, p);
            for (int t = 0; t < 9; t++) {
                for (int k = 0; k < 4; k++) {
                    // 7 terms of magnitude <= 3 each: a summation-order difference of a few ulps of ~20.
                    assertEquals(expected[t][k], evidence.get(t, k), 1e-13 * (1 + Math.abs(expected[t][k])));
                }
            }
        }
    }

    @Test
    void zeroProbabilitiesCostNothingWhenTheirWeightIsZeroAndRuleStatesOutOtherwise() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] y = data(random, 12, 6, false);
        y[0][2] = 0.5;   // a fractional entry is ruled out by either zero probability
        DMatrixRMaj p = probabilities(random, 3, 6, 0.3);   // about 30% of entries exactly 0 or 1
        DMatrixRMaj evidence = new DMatrixRMaj(1, 1);
        BernoulliEmissions.logEvidence(BernoulliObservations.of(y, 6), log(p, false), log(p, true), evidence);
        double[][] expected = direct(y, p);
        int ruledOut = 0;
        for (int t = 0; t < 12; t++) {
            for (int k = 0; k < 3; k++) {
                double actual = evidence.get(t, k);
                assertTrue(!Double.isNaN(actual));
                if (expected[t][k] == Double.NEGATIVE_INFINITY) {
                    ruledOut++;
                    assertEquals(Double.NEGATIVE_INFINITY, actual);
                } else {
                    assertEquals(expected[t][k], actual, 1e-13 * (1 + Math.abs(expected[t][k])));
                }
            }
        }
        assertTrue(ruledOut > 0 && ruledOut < 36, "the fixture should rule some but not all pairs out: " + ruledOut);
    }

    @Test
    void theAdjointIsTheFiniteDifferenceOfAnyLinearFunctionalOfTheEvidence() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] y = data(random, 8, 5, true);
        BernoulliObservations observations = BernoulliObservations.of(y, 5);
        DMatrixRMaj p = probabilities(random, 3, 5, 0.0);
        DMatrixRMaj logP1 = log(p, false);
        DMatrixRMaj logP0 = log(p, true);
        DMatrixRMaj weights = new DMatrixRMaj(8, 3);
        for (int i = 0; i < weights.getNumElements(); i++) {
            weights.data[i] = random.nextGaussian();
        }
        DMatrixRMaj dLogP1 = new DMatrixRMaj(3, 5);
        DMatrixRMaj dLogP0 = new DMatrixRMaj(3, 5);
        BernoulliEmissions.addAdjoints(observations, weights, dLogP1, dLogP0);
        DMatrixRMaj evidence = new DMatrixRMaj(1, 1);
        java.util.function.DoubleSupplier functional = () -> {
            BernoulliEmissions.logEvidence(observations, logP1, logP0, evidence);
            double sum = 0.0;
            for (int i = 0; i < evidence.getNumElements(); i++) {
                sum += weights.data[i] * evidence.data[i];
            }
            return sum;
        };
        for (int i = 0; i < 15; i++) {
            // The functional is linear, so central differences are exact up to rounding: |F| ~ 1e2 gives
            // ~1e-14 / 1e-3 = 1e-11 per difference; 1e-9 leaves a margin of 100.
            assertEquals(dLogP1.data[i], ChainSumProductBruteForceTest.centralDifference(logP1.data, i, functional,
                    1e-3), 1e-9);
            assertEquals(dLogP0.data[i], ChainSumProductBruteForceTest.centralDifference(logP0.data, i, functional,
                    1e-3), 1e-9);
        }
    }

    @Test
    void chainAdjointsPushedThroughTheEmissionsAreTheGradientOfTheHmmLogLikelihood() {
        SplittableRandom random = new SplittableRandom(4);
        int k = 3;
        int tones = 4;
        RandomPlate chain = RandomPlate.draw(random, k, 3, 1, 7, 0.0, true);
        BernoulliObservations[] observations = new BernoulliObservations[3];
        for (int s = 0; s < 3; s++) {
            observations[s] = BernoulliObservations.of(data(random, chain.logEvidence()[s].length, tones, false), tones);
        }
        DMatrixRMaj p = probabilities(random, k, tones, 0.0);
        DMatrixRMaj logP1 = log(p, false);
        DMatrixRMaj logP0 = log(p, true);
        ChainSumProduct kernel = new ChainSumProduct(k);
        java.util.function.DoubleSupplier logLikelihood = () -> {
            fillEvidence(observations, logP1, logP0, chain.logEvidence());
            return kernel.logLikelihood(chain.logInit(), chain.logTrans(), chain.logEvidence(), chain.weights());
        };
        fillEvidence(observations, logP1, logP0, chain.logEvidence());
        PlateGradient gradient = PlateGradient.of(kernel, chain);
        DMatrixRMaj dLogP1 = new DMatrixRMaj(k, tones);
        DMatrixRMaj dLogP0 = new DMatrixRMaj(k, tones);
        for (int s = 0; s < 3; s++) {
            BernoulliEmissions.addAdjoints(observations[s], new DMatrixRMaj(gradient.dLogEvidence()[s]), dLogP1, dLogP0);
        }
        for (int i = 0; i < k * tones; i++) {
            // As in ChainSumProductBruteForceTest: truncation and rounding of h = 1e-5 differences stay below 1e-9.
            assertEquals(dLogP1.data[i], ChainSumProductBruteForceTest.centralDifference(logP1.data, i, logLikelihood,
                    1e-5), 1e-8);
            assertEquals(dLogP0.data[i], ChainSumProductBruteForceTest.centralDifference(logP0.data, i, logLikelihood,
                    1e-5), 1e-8);
        }
    }

    @Test
    void badDataAndTablesAreRejectedNamingTheIndex() {
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> BernoulliObservations.of(new double[][] {{0, 1}, {1, 1.5}}, 2));
        assertTrue(data.getMessage().contains("y[1][1] = 1.5"), data::getMessage);
        BernoulliObservations y = BernoulliObservations.of(new double[][] {{0, 1}}, 2);
        DMatrixRMaj bad = new DMatrixRMaj(new double[][] {{-1, Double.NaN}});
        IllegalArgumentException table = assertThrows(IllegalArgumentException.class,
                () -> BernoulliEmissions.logEvidence(y, new DMatrixRMaj(1, 2), bad, new DMatrixRMaj(1, 1)));
        assertTrue(table.getMessage().contains("logP0[0][1] = NaN"), table::getMessage);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> BernoulliEmissions.logEvidence(y, new DMatrixRMaj(1, 3), bad, new DMatrixRMaj(1, 1)));
        assertTrue(shape.getMessage().contains("logP1 is 1 x 3 but must be 1 x 2"), shape::getMessage);
    }

    private static void fillEvidence(BernoulliObservations[] observations, DMatrixRMaj logP1, DMatrixRMaj logP0,
                                     double[][][] out) {
        DMatrixRMaj evidence = new DMatrixRMaj(1, 1);
        for (int s = 0; s < observations.length; s++) {
            BernoulliEmissions.logEvidence(observations[s], logP1, logP0, evidence);
            for (int t = 0; t < out[s].length; t++) {
                for (int j = 0; j < out[s][t].length; j++) {
                    out[s][t][j] = evidence.get(t, j);
                }
            }
        }
    }

    /** The log-densities one term at a time, with xlogy's convention: a zero weight contributes 0. */
    private static double[][] direct(double[][] y, DMatrixRMaj p) {
        double[][] out = new double[y.length][p.numRows];
        for (int t = 0; t < y.length; t++) {
            for (int k = 0; k < p.numRows; k++) {
                for (int d = 0; d < p.numCols; d++) {
                    out[t][k] += xlogy(y[t][d], p.get(k, d)) + xlogy(1 - y[t][d], 1 - p.get(k, d));
                }
            }
        }
        return out;
    }

    private static double xlogy(double x, double value) {
        return x == 0.0 ? 0.0 : x * Math.log(value);
    }

    private static double[][] data(SplittableRandom random, int steps, int tones, boolean fractional) {
        double[][] y = new double[steps][tones];
        for (double[] row : y) {
            for (int d = 0; d < tones; d++) {
                row[d] = fractional && random.nextBoolean() ? random.nextDouble() : random.nextInt(2);
            }
        }
        return y;
    }

    /** Probabilities in [0.05, 0.95], a fraction of them exactly 0 or 1. */
    private static DMatrixRMaj probabilities(SplittableRandom random, int states, int tones, double extremeFraction) {
        DMatrixRMaj p = new DMatrixRMaj(states, tones);
        for (int i = 0; i < p.getNumElements(); i++) {
            p.data[i] = random.nextDouble() < extremeFraction ? random.nextInt(2) : 0.05 + 0.9 * random.nextDouble();
        }
        return p;
    }

    private static DMatrixRMaj log(DMatrixRMaj p, boolean complement) {
        DMatrixRMaj out = new DMatrixRMaj(p.numRows, p.numCols);
        for (int i = 0; i < p.getNumElements(); i++) {
            out.data[i] = Math.log(complement ? 1 - p.data[i] : p.data[i]);
        }
        return out;
    }
}
