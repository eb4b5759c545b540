package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plate kernel against enumeration of every path of every sequence, on random plates of 1-4 ragged
 * sequences of length 0-6 over 1-4 states: without zeros, with exact zeros in tables and evidence (sometimes
 * impossible), and with per-sequence weights.
 *
 * <p>Tolerances: the log-likelihood to 1e-12 absolute per unit of {@code sum_s w_s max(1, |log p(y_s)|)} (an
 * absolute bound on a log is a relative bound on the probability; see {@link ChainKernelsBruteForceTest}), and
 * every adjoint to 1e-12 relative, exact zeros exactly. The oracle ({@link BruteForceChain}) is good to ~1e-15;
 * every adjoint is a sum of non-negative terms, so the scaled passes keep relative accuracy even for tiny
 * values. Finite differences are checked separately with their own, derived, tolerance.
 */
class ChainSumProductBruteForceTest {

    private static final double TOLERANCE = 1e-12;

    /** Variant 0: no zeros; 1: zeros (sometimes impossible); 2: no zeros, weighted; 3: zeros, weighted. */
    static Stream<Arguments> plates() {
        return IntStream.rangeClosed(1, 4).boxed().flatMap(k -> IntStream.rangeClosed(1, 4).boxed()
                .flatMap(s -> IntStream.range(0, 4).boxed()
                        .flatMap(variant -> IntStream.range(0, 5).mapToObj(rep -> Arguments.of(k, s, variant, rep)))));
    }

    @ParameterizedTest(name = "K={0} S={1} variant={2} rep={3}")
    @MethodSource("plates")
    void likelihoodAndAdjointsAreTheBruteForcePosteriorExpectations(int k, int numSequences, int variant, int rep) {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(7919L * k + 131L * numSequences + 17L * variant
                + rep), k, numSequences, 0, 6, variant % 2 == 1 ? 0.25 : 0.0, variant >= 2);
        PlateGradient actual = PlateGradient.of(plate);

        double expectedTotal = 0.0;
        double logScale = 0.0;
        double[] dLogInit = new double[k];
        double[][] dLogTrans = new double[k][k];
        for (int s = 0; s < numSequences; s++) {
            double[][] evidence = plate.logEvidence()[s];
            double w = plate.weight(s);
            if (evidence.length == 0) {
                assertEquals(0, actual.dLogEvidence()[s].length);
                continue;
            }
            BruteForceChain exact = new BruteForceChain(plate.logInit(), plate.logTrans(), evidence);
            expectedTotal += w * exact.logLikelihood;
            logScale += w * Math.max(1.0, Math.abs(exact.logLikelihood));
            if (exact.marginals == null) {
                // Impossible: the documented adjoints are zeros.
                for (double[] row : actual.dLogEvidence()[s]) {
                    assertTrue(java.util.Arrays.stream(row).allMatch(v -> v == 0.0), plate::toString);
                }
                continue;
            }
            for (int t = 0; t < evidence.length; t++) {
                for (int j = 0; j < k; j++) {
                    assertClose(w * exact.marginals[t][j], actual.dLogEvidence()[s][t][j], plate);
                }
            }
            for (int i = 0; i < k; i++) {
                dLogInit[i] += w * exact.marginals[0][i];
                for (int j = 0; j < k; j++) {
                    dLogTrans[i][j] += w * exact.expectedTransitions[i][j];
                }
            }
        }
        if (expectedTotal == Double.NEGATIVE_INFINITY) {
            assertEquals(Double.NEGATIVE_INFINITY, actual.logLikelihood(), plate::toString);
        } else {
            assertEquals(expectedTotal, actual.logLikelihood(), TOLERANCE * Math.max(1.0, logScale), plate::toString);
        }
        for (int i = 0; i < k; i++) {
            assertClose(dLogInit[i], actual.dLogInit()[i], plate);
            for (int j = 0; j < k; j++) {
                assertClose(dLogTrans[i][j], actual.dLogTrans()[i][j], plate);
            }
        }
        // The likelihood-only entry runs the same scaled steps in the same order: bit-identical.
        double streamed = new ChainSumProduct(k).logLikelihood(plate.logInit(), plate.logTrans(),
                plate.logEvidence(), plate.weights());
        assertEquals(actual.logLikelihood(), streamed, 0.0, plate::toString);
    }

    /** Differences need finite values: no zeros; unweighted and weighted, two draws each. */
    static Stream<Arguments> finitePlates() {
        return IntStream.rangeClosed(1, 4).boxed().flatMap(k -> IntStream.rangeClosed(1, 4).boxed()
                .flatMap(s -> IntStream.range(0, 4).mapToObj(draw -> Arguments.of(k, s, draw % 2 == 1, draw))));
    }

    @ParameterizedTest(name = "K={0} S={1} weighted={2} draw={3}")
    @MethodSource("finitePlates")
    void adjointsAreFiniteDifferencesOfTheLogLikelihood(int k, int numSequences, boolean weighted, int draw) {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(104729L * k + 31L * numSequences + draw),
                k, numSequences, 1, 6, 0.0, weighted);
        PlateGradient gradient = PlateGradient.of(plate);
        ChainSumProduct kernel = new ChainSumProduct(k);
        java.util.function.DoubleSupplier value = () -> kernel.logLikelihood(plate.logInit(), plate.logTrans(),
                plate.logEvidence(), plate.weights());
        // Central differences: truncation h^2/6 |f'''| <= 1e-10 * w (derivatives of a log-sum-exp are bounded by
        // 1 per weight), rounding ~ 1e-16 |L| / h <= 1e-10 for |L| < 1e2. 1e-8 leaves a margin of 100.
        double tolerance = 1e-8 * Math.max(1.0, Math.abs(gradient.logLikelihood()) / 100);
        for (int i = 0; i < k; i++) {
            assertEquals(gradient.dLogInit()[i], centralDifference(plate.logInit(), i, value), tolerance);
            for (int j = 0; j < k; j++) {
                assertEquals(gradient.dLogTrans()[i][j], centralDifference(plate.logTrans()[i], j, value), tolerance);
            }
        }
        for (int s = 0; s < numSequences; s++) {
            for (int t = 0; t < plate.logEvidence()[s].length; t++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(gradient.dLogEvidence()[s][t][j],
                            centralDifference(plate.logEvidence()[s][t], j, value), tolerance);
                }
            }
        }
    }

    /** (f(x + h e_i) - f(x - h e_i)) / 2h with h = 1e-5, restoring the entry afterwards. */
    static double centralDifference(double[] entries, int index, java.util.function.DoubleSupplier f) {
        return centralDifference(entries, index, f, 1e-5);
    }

    /** (f(x + h e_i) - f(x - h e_i)) / 2h, restoring the entry afterwards. */
    static double centralDifference(double[] entries, int index, java.util.function.DoubleSupplier f, double h) {
        double saved = entries[index];
        entries[index] = saved + h;
        double plus = f.getAsDouble();
        entries[index] = saved - h;
        double minus = f.getAsDouble();
        entries[index] = saved;
        return (plus - minus) / (2 * h);
    }

    private static void assertClose(double expected, double actual, RandomPlate plate) {
        if (expected == 0.0) {
            assertEquals(0.0, actual, 0.0, plate::toString);
        } else {
            assertEquals(expected, actual, TOLERANCE * Math.abs(expected), plate::toString);
        }
    }
}
