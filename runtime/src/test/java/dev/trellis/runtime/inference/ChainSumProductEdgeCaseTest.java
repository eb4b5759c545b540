package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Impossible evidence, empty sequences, zero weights and malformed input. */
class ChainSumProductEdgeCaseTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void anImpossibleSequenceMakesTheTotalMinusInfinityWithZeroAdjointsAndLeavesTheOthersExact() {
        RandomPlate possible = RandomPlate.draw(new SplittableRandom(5), 3, 4, 1, 7, 0.0, true);
        double[][][] withImpossible = Arrays.copyOf(possible.logEvidence(), 5);
        withImpossible[4] = new double[][] {{0.0, -1.0, 0.5}, {NEG_INF, NEG_INF, NEG_INF}, {0.0, 0.0, 0.0}};
        double[] weights = Arrays.copyOf(possible.weights(), 5);
        weights[4] = 1.5;
        RandomPlate plate = new RandomPlate(possible.logInit(), possible.logTrans(), withImpossible, weights);

        PlateGradient actual = PlateGradient.of(plate);
        PlateGradient others = PlateGradient.of(possible);
        assertEquals(NEG_INF, actual.logLikelihood());
        assertEquals(NEG_INF, new ChainSumProduct(3).logLikelihood(plate.logInit(), plate.logTrans(),
                withImpossible, weights));
        for (double[] row : actual.dLogEvidence()[4]) {
            assertArrayEquals(new double[3], row);
        }
        // Adding zeros in index order changes no bit of the other sequences' sums.
        assertArrayEquals(others.dLogInit(), actual.dLogInit());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(others.dLogTrans()[i], actual.dLogTrans()[i]);
        }

        weights[4] = 0.0;   // not in the minibatch: skipped, so no 0 * -inf
        PlateGradient skipped = PlateGradient.of(plate);
        assertEquals(others.logLikelihood(), skipped.logLikelihood(), 0.0);
        assertArrayEquals(others.dLogInit(), skipped.dLogInit());
    }

    @Test
    void impossibleTablesGiveMinusInfinityAndNoNaN() {
        double[][][] evidence = {{{0.0, 0.0}, {-1.0, -2.0}}, {{0.5, 0.5}}};
        double[][] logTrans = {{Math.log(0.3), Math.log(0.7)}, {Math.log(0.6), Math.log(0.4)}};
        RandomPlate noStart = new RandomPlate(new double[] {NEG_INF, NEG_INF}, logTrans, evidence, null);
        PlateGradient gradient = PlateGradient.of(noStart);
        assertEquals(NEG_INF, gradient.logLikelihood());
        assertAllZero(gradient);

        // State 1 can start but never be entered again: its column of counts is exactly 0, nothing is NaN.
        double[][] neverEnter = {{0.0, NEG_INF}, {0.0, NEG_INF}};
        RandomPlate trapped = new RandomPlate(new double[] {Math.log(0.5), Math.log(0.5)}, neverEnter, evidence, null);
        PlateGradient finite = PlateGradient.of(trapped);
        assertEquals(Math.log(0.5 * 1 + 0.5 * 1) + (-1.0) + Math.log(0.5 * Math.exp(0.5) * 2), finite.logLikelihood(),
                1e-15);
        assertEquals(0.0, finite.dLogTrans()[0][1], 0.0);
        assertEquals(0.0, finite.dLogTrans()[1][1], 0.0);
        assertEquals(0.5, finite.dLogTrans()[0][0], 1e-15);
        assertEquals(0.5, finite.dLogTrans()[1][0], 1e-15);
    }

    @Test
    void sequencesOfLengthZeroContributeNothing() {
        double[] logInit = {Math.log(0.2), Math.log(0.8)};
        double[][] logTrans = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.1), Math.log(0.9)}};
        RandomPlate empty = new RandomPlate(logInit, logTrans, new double[][][] {{}, {}}, new double[] {2.0, 3.0});
        PlateGradient gradient = PlateGradient.of(empty);
        assertEquals(0.0, gradient.logLikelihood(), 0.0);
        assertAllZero(gradient);
        RandomPlate none = new RandomPlate(logInit, logTrans, new double[0][][], null);
        assertEquals(0.0, PlateGradient.of(none).logLikelihood(), 0.0);
    }

    @Test
    void malformedInputIsRejectedNamingTheArrayAndIndex() {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(8), 2, 3, 4, 4, 0.0, true);
        ChainSumProduct kernel = new ChainSumProduct(2);
        plate.logEvidence()[2][3][1] = Double.NaN;
        assertMessage("logEvidence[2][3][1] is NaN", () -> PlateGradient.of(kernel, plate));
        plate.logEvidence()[2][3][1] = 0.0;

        plate.weights()[1] = -0.5;
        assertMessage("weights[1] = -0.5", () -> kernel.logLikelihood(plate.logInit(), plate.logTrans(),
                plate.logEvidence(), plate.weights()));
        plate.weights()[1] = 1.0;

        double[][][] shortBuffers = plate.newEvidenceBuffers();
        shortBuffers[1] = new double[2][2];
        assertMessage("dLogEvidence[1] has 2 rows but needs 4", () -> kernel.logLikelihoodAndGradient(
                plate.logInit(), plate.logTrans(), plate.logEvidence(), plate.weights(), new double[2],
                new double[2][2], shortBuffers));
        assertMessage("logInit has 2 states but this kernel was made for 3", () -> new ChainSumProduct(3)
                .logLikelihood(plate.logInit(), plate.logTrans(), plate.logEvidence(), null));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e::getMessage);
    }

    private static void assertAllZero(PlateGradient gradient) {
        assertTrue(Arrays.stream(gradient.dLogInit()).allMatch(v -> v == 0.0));
        assertTrue(Arrays.stream(gradient.dLogTrans()).flatMapToDouble(Arrays::stream).allMatch(v -> v == 0.0));
        assertTrue(Arrays.stream(gradient.dLogEvidence()).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream)
                .allMatch(v -> v == 0.0));
    }
}
