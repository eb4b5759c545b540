package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The single steps of {@link ScaledForwardKernels} against the forward recursion written out by hand: values,
 * zero-mass steps (which must leave an all-zero filter, never NaN), the choice of the leading state among reachable
 * states only, and the steps that scaled space cannot carry.
 */
class ScaledForwardKernelsTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void theInitialStepIsTheNormalisedProductOfPriorAndEvidence() {
        double[] logInit = {Math.log(0.25), Math.log(0.75)};
        double[] logEvidence = {-1.0, -2.0};
        double[] alpha = new double[2];
        double result = ScaledForwardKernels.initialStep(logInit, logEvidence, alpha);
        double w0 = 0.25 * Math.exp(-1.0);
        double w1 = 0.75 * Math.exp(-2.0);
        assertEquals(Math.log(w0 + w1), result, 1e-15);
        assertArrayEquals(new double[] {w0 / (w0 + w1), w1 / (w0 + w1)}, alpha, 1e-15);
    }

    @Test
    void anInitialStepWithEveryStateRuledOutGivesMinusInfinityAndAZeroFilter() {
        // State 0 cannot start, state 1 cannot emit: no state has a finite score.
        double[] alpha = {7.0, 7.0};
        assertEquals(NEG_INF, ScaledForwardKernels.initialStep(new double[] {0.0, NEG_INF},
                new double[] {NEG_INF, 0.0}, alpha));
        assertArrayEquals(new double[] {0.0, 0.0}, alpha, 0.0);
    }

    @Test
    void aStepIsThePredictionThroughTheTransitionsTimesTheEvidenceNormalised() {
        double[][] probs = {{0.5, 0.25, 0.25}, {0.125, 0.75, 0.125}, {0.3, 0.3, 0.4}};
        double[][] logTrans = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                logTrans[i][j] = Math.log(probs[i][j]) - 5.0 * j;   // log-potentials: the column scales differ
            }
        }
        double[] previous = {0.2, 0.5, 0.3};
        double[] logEvidence = {-1.5, -0.25, -3.0};
        double[] weights = new double[3];
        double total = 0.0;
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                weights[j] += previous[i] * Math.exp(logTrans[i][j]);
            }
            weights[j] *= Math.exp(logEvidence[j]);
            total += weights[j];
        }
        double[] predicted = new double[3];
        double[] alpha = new double[3];
        double result = ScaledForwardKernels.step(ScaledTransitionMatrix.of(logTrans), previous, logEvidence,
                predicted, alpha);
        assertEquals(Math.log(total), result, 1e-14 * Math.abs(Math.log(total)));
        for (int j = 0; j < 3; j++) {
            assertEquals(weights[j] / total, alpha[j], 1e-15);
        }
    }

    @Test
    void aStepWithEveryReachableStateRuledOutGivesMinusInfinityAndAZeroFilter() {
        double[][] logTrans = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.25), Math.log(0.75)}};
        double[] alpha = {7.0, 7.0};
        double result = ScaledForwardKernels.step(ScaledTransitionMatrix.of(logTrans), new double[] {0.5, 0.5},
                new double[] {NEG_INF, NEG_INF}, new double[2], alpha);
        assertEquals(NEG_INF, result);
        assertArrayEquals(new double[] {0.0, 0.0}, alpha, 0.0);
    }

    @Test
    void theLeadingStateIsChosenAmongReachableStatesOnly() {
        // The example of the class javadoc: state 0 is unreachable (zero predicted mass) but has the best evidence,
        // 800 nats ahead of state 1. Leading with state 0 would flush state 1's e^-800 to 0 (or form 0 * inf).
        double[][] logTrans = {{NEG_INF, 0.0}, {0.0, NEG_INF}};
        double[] predicted = new double[2];
        double[] alpha = new double[2];
        double result = ScaledForwardKernels.step(ScaledTransitionMatrix.of(logTrans), new double[] {1.0, 0.0},
                new double[] {0.0, -800.0}, predicted, alpha);
        assertEquals(-800.0, result, 0.0);
        assertArrayEquals(new double[] {0.0, 1.0}, predicted, 0.0);
        assertArrayEquals(new double[] {0.0, 1.0}, alpha, 0.0);
    }

    @Test
    void aStepWhoseWholeMassIsBelowTheFloorLosesPrecision() {
        // Only state 1 survives the evidence, and its predicted mass is 2^-499 * e^-300, far below 2^-500: the
        // normaliser itself cannot be carried, so the step must decline rather than return a rounded result.
        double[][] logTrans = {{0.0, NEG_INF, 0.0}, {0.0, -300.0, 0.0}, {0.0, 0.0, 0.0}};
        ScaledTransitionMatrix trans = ScaledTransitionMatrix.of(logTrans);
        assertTrue(trans.keepsPrecision);
        double tiny = 0x1p-499;
        double result = ScaledForwardKernels.step(trans, new double[] {1.0 - tiny, tiny, 0.0},
                new double[] {NEG_INF, 0.0, NEG_INF}, new double[3], new double[3]);
        assertTrue(ScaledForwardKernels.losesPrecision(result), () -> "result " + result);
    }

    @Test
    void aStepThatLeavesALiveStateBelowTheFloorLosesPrecision() {
        double[][] logTrans = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.5), Math.log(0.5)}};
        double result = ScaledForwardKernels.step(ScaledTransitionMatrix.of(logTrans), new double[] {0.5, 0.5},
                new double[] {0.0, -400.0}, new double[2], new double[2]);
        assertTrue(ScaledForwardKernels.losesPrecision(result), () -> "result " + result);
    }
}
