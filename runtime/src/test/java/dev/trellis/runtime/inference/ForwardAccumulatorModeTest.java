package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which space {@link ForwardAccumulator} runs in: it starts in scaled space exactly when the transition matrix keeps
 * precision, and a filter whose dead states are {@code -Infinity} still counts as compact enough to go back.
 */
class ForwardAccumulatorModeTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void anOrdinaryModelStartsInScaledSpaceAndAWideOneInLogSpaceAlsoAfterReset() {
        ForwardAccumulator ordinary = new ForwardAccumulator(new double[] {-0.5, -1.0},
                new double[][] {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.25), Math.log(0.75)}});
        assertFalse(ordinary.isInLogSpace());
        ForwardAccumulator wide = new ForwardAccumulator(new double[] {-0.5, -1.0},
                new double[][] {{0.0, -900.75}, {-1.5, 0.0}});
        assertTrue(wide.isInLogSpace());
        wide.observe(new double[] {-1.0, -2.0});
        wide.reset();
        assertTrue(wide.isInLogSpace());
    }

    @Test
    void theFilterReturnsToScaledSpaceWhenItsOnlyFarStateIsDead() {
        // States are fixed and state 2 can never start. Step 0 puts state 1 e^-740 behind state 0 (log space); step
        // 1 brings state 0 down by the same amount, so the live states are level again while state 2 stays -inf.
        double[] logInit = {0.0, 0.0, NEG_INF};
        double[][] logTrans = {{0.0, NEG_INF, NEG_INF}, {NEG_INF, 0.0, NEG_INF}, {NEG_INF, NEG_INF, 0.0}};
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        forward.observe(new double[] {0.0, -740.0, 0.0});
        assertTrue(forward.isInLogSpace());
        forward.observe(new double[] {-740.0, 0.0, 0.0});
        assertFalse(forward.isInLogSpace());
        // log(e^-740 + e^-740): both paths that stay in one live state.
        assertEquals(-740.0 + Math.log(2.0), forward.logLikelihood(), 1e-15 * 740);
        forward.observe(new double[] {-0.5, -0.5, 0.0});
        assertEquals(-740.5 + Math.log(2.0), forward.logLikelihood(), 1e-15 * 740);
    }
}
