package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForwardAccumulatorTest {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void streamingStepByStepEqualsTheBatchLogLikelihoodAtEveryPrefix() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(11), 4, 3, 60, 0.2, true);
        double[][] logEvidence = hmm.logEvidence();
        ForwardAccumulator forward = new ForwardAccumulator(hmm.logInit(), hmm.logTrans());
        for (int t = 0; t < logEvidence.length; t++) {
            forward.observe(logEvidence[t]);
            double[][] prefix = java.util.Arrays.copyOf(logEvidence, t + 1);
            assertEquals(ChainKernels.logLikelihood(hmm.logInit(), hmm.logTrans(), prefix), forward.logLikelihood(),
                    0.0, "prefix of " + (t + 1) + " steps");
            assertEquals(t + 1, forward.steps());
        }
    }

    @Test
    void beforeAnyStepTheLogLikelihoodIsThatOfTheEmptySequence() {
        ForwardAccumulator forward = new ForwardAccumulator(new double[] {0.0}, new double[][] {{0.0}});
        assertEquals(0.0, forward.logLikelihood());
        assertEquals(0, forward.steps());
        assertEquals(-1, forward.firstImpossibleStep());
    }

    @Test
    void onceImpossibleTheLogLikelihoodStaysMinusInfinityAndStepsKeepCounting() {
        double[] logInit = {Math.log(0.5), Math.log(0.5)};
        double[][] logTrans = {{0.0, NEG_INF}, {NEG_INF, 0.0}};
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        forward.observe(new double[] {0.0, NEG_INF});
        forward.observe(new double[] {NEG_INF, 0.0});
        forward.observe(new double[] {0.0, 0.0});
        assertEquals(NEG_INF, forward.logLikelihood());
        assertEquals(1, forward.firstImpossibleStep());
        assertEquals(3, forward.steps());
        // Rows are still checked after the evidence became impossible.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward.observe(new double[] {Double.NaN, 0.0}));
        assertEquals("logEvidence[3][0] is NaN", e.getMessage());
    }

    @Test
    void resetStartsANewSequenceWithTheSameTables() {
        RandomHmm hmm = RandomHmm.draw(new SplittableRandom(12), 3, 3, 20, 0.0, true);
        ForwardAccumulator forward = new ForwardAccumulator(hmm.logInit(), hmm.logTrans());
        forward.observe(new double[] {NEG_INF, NEG_INF, NEG_INF});
        forward.reset();
        for (double[] row : hmm.logEvidence()) {
            forward.observe(row);
        }
        assertEquals(ChainKernels.logLikelihood(hmm.logInit(), hmm.logTrans(), hmm.logEvidence()),
                forward.logLikelihood(), 0.0);
        assertEquals(-1, forward.firstImpossibleStep());
        assertEquals(20, forward.steps());
    }

    @Test
    void theTablesAreCopiedAtConstruction() {
        double[] logInit = {Math.log(0.3), Math.log(0.7)};
        double[][] logTrans = {{Math.log(0.9), Math.log(0.1)}, {Math.log(0.5), Math.log(0.5)}};
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        logInit[0] = NEG_INF;
        logTrans[1][1] = NEG_INF;
        forward.observe(new double[] {0.0, NEG_INF});
        forward.observe(new double[] {NEG_INF, 0.0});
        assertEquals(Math.log(0.3) + Math.log(0.1), forward.logLikelihood(), 1e-15);
    }

    @Test
    void malformedRowsAndTablesAreRejectedNamingTheStepOrEntry() {
        ForwardAccumulator forward = new ForwardAccumulator(new double[] {0.0, 0.0}, new double[][] {{0, 0}, {0, 0}});
        forward.observe(new double[] {0.0, 0.0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward.observe(new double[] {0.0, 0.0, 0.0}));
        assertEquals("logEvidence[1] has length 3 but the chain has 2 states", e.getMessage());
        assertEquals("logTrans[0][0] = Infinity; a log-probability must be finite or -Infinity",
                assertThrows(IllegalArgumentException.class, () -> new ForwardAccumulator(new double[] {0.0},
                        new double[][] {{Double.POSITIVE_INFINITY}})).getMessage());
    }
}
