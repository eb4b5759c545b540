package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.inference.BernoulliEmissions;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The sparse emission rows and their adjoints against the dense matrix product ({@link BernoulliEmissions}) on the
 * JSB training split at the parameters of {@code jsb_hmm.json}, against exact (BigDecimal) sums of the same terms at
 * extreme probabilities, against torch's {@code xlogy} convention for zero probabilities, and against finite
 * differences.
 */
class BernoulliEmissionTablesTest {

    private static final double U = Math.ulp(1.0) / 2;

    @Test
    void sparseRowsEqualTheDenseProductOnTheJsbTrainSplit() {
        JsbTrainSplit jsb = JsbTrainSplit.load();
        int k = jsb.probsY.length;
        DMatrixRMaj logP1 = new DMatrixRMaj(k, jsb.numTones);
        DMatrixRMaj logP0 = new DMatrixRMaj(k, jsb.numTones);
        for (int i = 0; i < k * jsb.numTones; i++) {
            double p = jsb.probsY[i / jsb.numTones][i % jsb.numTones];
            logP1.data[i] = Math.log(p);
            logP0.data[i] = Math.log1p(-p);
        }
        BernoulliEmissionTables tables = BernoulliEmissionTables.of(logP1.data, logP0.data, k, jsb.numTones);
        DMatrixRMaj dense = new DMatrixRMaj(1, 1);
        double[] row = new double[k];
        double worst = 0.0;
        int steps = 0;
        for (BernoulliObservations y : jsb.observations()) {
            assertTrue(y.isBinary());
            BernoulliEmissions.logEvidence(y, logP1, logP0, dense);
            for (int t = 0; t < y.numSteps(); t++, steps++) {
                tables.logEvidence(y, t, row);
                for (int j = 0; j < k; j++) {
                    worst = Math.max(worst, Math.abs(row[j] - dense.get(t, j)) / Math.abs(dense.get(t, j)));
                }
            }
        }
        assertEquals(13_807, steps);
        // Both sum ~55 terms of magnitude < 5 into totals of ~10..60: a few ulps apart, far inside 1e-12.
        assertTrue(worst <= 1e-12, "worst relative difference " + worst);
    }

    @Test
    void sparseRowsStayWithinTheirErrorBoundAtProbabilitiesNearZeroAndOne() {
        SplittableRandom random = new SplittableRandom(5);
        int k = 4;
        int tones = 30;
        double[] logP1 = new double[k * tones];
        double[] logP0 = new double[k * tones];
        for (int i = 0; i < logP1.length; i++) {
            // log-odds up to +-60: p within e^-60 of 0 or 1, where one of the two logs is large and the other tiny.
            double logOdds = 120 * random.nextDouble() - 60;
            logP1[i] = -Math.log1p(Math.exp(-logOdds));
            logP0[i] = -Math.log1p(Math.exp(logOdds));
        }
        BernoulliEmissionTables tables = BernoulliEmissionTables.of(logP1, logP0, k, tones);
        double[][] y = binary(random, 200, tones, 0.15);
        BernoulliObservations observations = BernoulliObservations.of(y, tones);
        double[] row = new double[k];
        for (int t = 0; t < y.length; t++) {
            tables.logEvidence(observations, t, row);
            for (int j = 0; j < k; j++) {
                BigDecimal exact = BigDecimal.ZERO;
                double scale = 0.0;
                int on = 0;
                for (int d = 0; d < tones; d++) {
                    int index = j * tones + d;
                    exact = exact.add(new BigDecimal(y[t][d] == 1.0 ? logP1[index] : logP0[index]));
                    scale += Math.abs(logP0[index]) + (y[t][d] == 1.0 ? Math.abs(logP1[index] - logP0[index]) : 0);
                    on += (int) y[t][d];
                }
                // The class comment's bound: (n_on + 1) roundings of partial sums at most |offBase| + sum |delta|,
                // plus the one-ulp base and the deltas' own roundings; 2x margin.
                double bound = 2 * (on + 3) * U * scale;
                assertEquals(exact.doubleValue(), row[j], bound, "step " + t + ", state " + j);
            }
        }
    }

    @Test
    void zeroProbabilitiesRuleStatesOutExactlyAsXlogyDoes() {
        SplittableRandom random = new SplittableRandom(6);
        int k = 5;
        int tones = 8;
        double[] p = new double[k * tones];
        for (int i = 0; i < p.length; i++) {
            // About a quarter of the entries exactly 0 or 1.
            p[i] = random.nextDouble() < 0.25 ? random.nextInt(2) : 0.05 + 0.9 * random.nextDouble();
        }
        for (boolean fractional : new boolean[] {false, true}) {
            double[][] y = fractional ? fractional(random, 60, tones) : binary(random, 60, tones, 0.3);
            BernoulliObservations observations = BernoulliObservations.of(y, tones);
            assertEquals(!fractional, observations.isBinary());
            BernoulliEmissionTables tables = BernoulliEmissionTables.of(logs(p, false), logs(p, true), k, tones);
            double[] row = new double[k];
            int ruledOut = 0;
            for (int t = 0; t < y.length; t++) {
                tables.logEvidence(observations, t, row);
                for (int j = 0; j < k; j++) {
                    double expected = 0.0;
                    for (int d = 0; d < tones; d++) {
                        expected += xlogy(y[t][d], p[j * tones + d]) + xlogy(1 - y[t][d], 1 - p[j * tones + d]);
                    }
                    if (expected == Double.NEGATIVE_INFINITY) {
                        ruledOut++;
                        assertEquals(Double.NEGATIVE_INFINITY, row[j], "step " + t + ", state " + j);
                    } else {
                        // 8 terms of magnitude <= 3: summation-order differences of a few ulps of ~20.
                        assertEquals(expected, row[j], 1e-13 * (1 + Math.abs(expected)), "step " + t + ", state " + j);
                    }
                }
            }
            assertTrue(ruledOut > 0 && ruledOut < y.length * k, "some but not all pairs ruled out: " + ruledOut);
        }
    }

    @Test
    void adjointsAreTheFiniteDifferencesOfALinearFunctionalOfTheEvidence() {
        SplittableRandom random = new SplittableRandom(7);
        int k = 3;
        int tones = 6;
        for (boolean fractional : new boolean[] {false, true}) {
            double[][] y = fractional ? fractional(random, 9, tones) : binary(random, 9, tones, 0.3);
            BernoulliObservations observations = BernoulliObservations.of(y, tones);
            double[] p = new double[k * tones];
            for (int i = 0; i < p.length; i++) {
                p[i] = 0.05 + 0.9 * random.nextDouble();
            }
            double[] logP1 = logs(p, false);
            double[] logP0 = logs(p, true);
            double[][] weights = new double[y.length][k];
            BernoulliEmissionAdjoints adjoints = new BernoulliEmissionAdjoints(k, tones);
            for (int t = 0; t < y.length; t++) {
                for (int j = 0; j < k; j++) {
                    weights[t][j] = random.nextGaussian();
                }
                adjoints.add(observations, t, weights[t]);
            }
            double[] dLogP1 = new double[k * tones];
            double[] dLogP0 = new double[k * tones];
            adjoints.writeTo(dLogP1, dLogP0);
            java.util.function.DoubleSupplier functional = () -> {
                BernoulliEmissionTables tables = BernoulliEmissionTables.of(logP1, logP0, k, tones);
                double[] row = new double[k];
                double sum = 0.0;
                for (int t = 0; t < y.length; t++) {
                    tables.logEvidence(observations, t, row);
                    for (int j = 0; j < k; j++) {
                        sum += weights[t][j] * row[j];
                    }
                }
                return sum;
            };
            for (int i = 0; i < k * tones; i++) {
                // Linear functional: central differences are exact up to rounding, ~1e-14 * |F| / h with |F| ~ 1e2
                // and h = 1e-3, i.e. ~1e-9 at worst; 1e-8 leaves margin.
                assertEquals(centralDifference(logP1, i, functional, 1e-3), dLogP1[i],
                        1e-8, "dLogP1[" + i + "], fractional " + fractional);
                assertEquals(centralDifference(logP0, i, functional, 1e-3), dLogP0[i],
                        1e-8, "dLogP0[" + i + "], fractional " + fractional);
            }
        }
    }

    @Test
    void sparseAdjointsEqualTheDenseProductOnTheJsbTrainSplit() {
        JsbTrainSplit jsb = JsbTrainSplit.load();
        List<BernoulliObservations> sequences = jsb.observations();
        int k = jsb.probsY.length;
        SplittableRandom random = new SplittableRandom(8);
        BernoulliEmissionAdjoints sparse = new BernoulliEmissionAdjoints(k, jsb.numTones);
        DMatrixRMaj dense1 = new DMatrixRMaj(k, jsb.numTones);
        DMatrixRMaj dense0 = new DMatrixRMaj(k, jsb.numTones);
        double[] totals = new double[k];
        for (BernoulliObservations y : sequences) {
            // Posterior-like adjoints: positive rows summing to 1, as the chain's marginals are.
            DMatrixRMaj marginals = new DMatrixRMaj(y.numSteps(), k);
            for (int t = 0; t < y.numSteps(); t++) {
                double[] row = new double[k];
                double sum = 0.0;
                for (int j = 0; j < k; j++) {
                    row[j] = Math.exp(8 * random.nextDouble());
                    sum += row[j];
                }
                for (int j = 0; j < k; j++) {
                    row[j] /= sum;
                    totals[j] += row[j];
                    marginals.set(t, j, row[j]);
                }
                sparse.add(y, t, row);
            }
            BernoulliEmissions.addAdjoints(y, marginals, dense1, dense0);
        }
        double[] dLogP1 = new double[k * jsb.numTones];
        double[] dLogP0 = new double[k * jsb.numTones];
        sparse.writeTo(dLogP1, dLogP0);
        for (int i = 0; i < dLogP1.length; i++) {
            // Sums of up to 13,807 positive terms in different orders: relative differences of ~1e-13 at most.
            assertEquals(dense1.data[i], dLogP1[i], 1e-12 * dense1.data[i], "dLogP1[" + i + "]");
            // G - dLogP1 rounds on the scale of the state's total mass G (the class comment); 1e-12 G.
            assertEquals(dense0.data[i], dLogP0[i], 1e-12 * totals[i / jsb.numTones], "dLogP0[" + i + "]");
        }
    }

    @Test
    void onTonesAndDenseRowsPrepareTheSameObservations() {
        double[][] y = {{0, 1, 1}, {0, 0, 0}, {1, 0, 1}};
        BernoulliObservations fromRows = BernoulliObservations.of(y, 3);
        BernoulliObservations fromTones = BernoulliObservations.ofOnTones(new int[][] {{2, 1}, {}, {0, 2}}, 3);
        assertTrue(fromRows.isBinary() && fromTones.isBinary());
        for (int t = 0; t < 3; t++) {
            for (int d = 0; d < 3; d++) {
                assertEquals(y[t][d], fromRows.get(t, d));
                assertEquals(y[t][d], fromTones.get(t, d));
            }
        }
        assertFalse(BernoulliObservations.of(new double[][] {{0, 0.5}}, 2).isBinary());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> BernoulliObservations.ofOnTones(new int[][] {{1}, {0, 2, 0}}, 3));
        assertTrue(twice.getMessage().contains("onTones[1] = [0, 2, 0]"), twice::getMessage);
        assertThrows(IllegalArgumentException.class, () -> BernoulliObservations.ofOnTones(new int[][] {{3}}, 3));
    }

    @Test
    void badTablesAreRejectedNamingTheIndex() {
        double[] good = {-1, -2};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> BernoulliEmissionTables.of(good, new double[] {-1, Double.NaN}, 1, 2));
        assertTrue(nan.getMessage().contains("logP0[0][1] = NaN"), nan::getMessage);
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> BernoulliEmissionTables.of(new double[] {Double.POSITIVE_INFINITY, -1}, good, 1, 2));
        assertTrue(infinite.getMessage().contains("logP1[0][0] = Infinity"), infinite::getMessage);
    }

    static double[][] binary(SplittableRandom random, int steps, int tones, double onProbability) {
        double[][] y = new double[steps][tones];
        for (double[] row : y) {
            for (int d = 0; d < tones; d++) {
                row[d] = random.nextDouble() < onProbability ? 1 : 0;
            }
        }
        return y;
    }

    private static double[][] fractional(SplittableRandom random, int steps, int tones) {
        double[][] y = binary(random, steps, tones, 0.3);
        for (double[] row : y) {
            row[random.nextInt(tones)] = random.nextDouble();
        }
        return y;
    }

    private static double[] logs(double[] p, boolean complement) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.log(complement ? 1 - p[i] : p[i]);
        }
        return out;
    }

    private static double xlogy(double x, double value) {
        return x == 0.0 ? 0.0 : x * Math.log(value);
    }

    /** (f(x + h e_i) - f(x - h e_i)) / 2h, restoring the entry afterwards. */
    private static double centralDifference(double[] entries, int index, java.util.function.DoubleSupplier f,
            double h) {
        double saved = entries[index];
        entries[index] = saved + h;
        double plus = f.getAsDouble();
        entries[index] = saved - h;
        double minus = f.getAsDouble();
        entries[index] = saved;
        return (plus - minus) / (2 * h);
    }
}
