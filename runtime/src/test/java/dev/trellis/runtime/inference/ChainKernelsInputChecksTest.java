package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The entry points of {@link ChainKernels} that take a flat evidence array or no evidence at all check every table
 * before computing, like the others: a malformed transition table or evidence row is named, not silently read.
 */
class ChainKernelsInputChecksTest {

    private static final double[] LOG_INIT = {Math.log(0.25), Math.log(0.75)};
    private static final double[][] LOG_TRANS = {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.125), Math.log(0.875)}};
    private static final double[] FLAT_EVIDENCE = {-1.0, -2.0, -0.5, -0.25, -3.0, -1.5};

    @Test
    void simulatePathRejectsATransitionTableOfTheWrongSize() {
        double[][] threeRows = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
        assertMessage("logTrans has 3 rows but logInit has 2 states; logTrans must be 2 x 2",
                () -> ChainKernels.simulatePath(LOG_INIT, threeRows, 4, Rng.seeded(1)));
    }

    @Test
    void simulatePathRejectsNaNInTheTransitionTable() {
        double[][] withNaN = {{0.0, 0.0}, {Double.NaN, 0.0}};
        assertMessage("logTrans[1][0] is NaN", () -> ChainKernels.simulatePath(LOG_INIT, withNaN, 4, Rng.seeded(1)));
    }

    @Test
    void flatViterbiAndSamplingRejectAMalformedTransitionTable() {
        double[][] shortRow = {{0.0, 0.0}, {0.0}};
        String expected = "logTrans[1] has length 1 but the chain has 2 states";
        assertMessage(expected, () -> ChainKernels.viterbi(LOG_INIT, shortRow, FLAT_EVIDENCE, 0, 3));
        assertMessage(expected, () -> ChainKernels.samplePosterior(LOG_INIT, shortRow, FLAT_EVIDENCE, 0, 3,
                Rng.seeded(1)));
        double[][] plusInfinity = {{0.0, Double.POSITIVE_INFINITY}, {0.0, 0.0}};
        assertMessage("logTrans[0][1] = Infinity; a log-probability must be finite or -Infinity",
                () -> ChainKernels.viterbi(LOG_INIT, plusInfinity, FLAT_EVIDENCE, 0, 3));
    }

    @Test
    void flatViterbiAndSamplingRejectBadEvidenceNamingStepAndState() {
        double[] evidence = FLAT_EVIDENCE.clone();
        evidence[5] = Double.NaN;   // step 2 of rows from 0, state 1
        assertMessage("logEvidence[2][1] is NaN", () -> ChainKernels.viterbi(LOG_INIT, LOG_TRANS, evidence, 0, 3));
        assertMessage("logEvidence[1][1] is NaN",
                () -> ChainKernels.samplePosterior(LOG_INIT, LOG_TRANS, evidence, 2, 2, Rng.seeded(1)));
        assertMessage("logEvidence: 3 rows of 2 from 2 do not fit in 6 entries",
                () -> ChainKernels.viterbi(LOG_INIT, LOG_TRANS, FLAT_EVIDENCE, 2, 3));
        assertMessage("logEvidence has 0 steps; a chain needs at least one",
                () -> ChainKernels.samplePosterior(LOG_INIT, LOG_TRANS, FLAT_EVIDENCE, 0, 0, Rng.seeded(1)));
    }

    @Test
    void entriesOutsideTheFlatRowsAreNotRead() {
        // Rows 0 and 1 of two states are entries 0..3; entries 4 and 5 belong to someone else and may hold anything.
        double[] evidence = {-1.0, -2.0, -0.5, -0.25, Double.NaN, Double.NaN};
        ViterbiPath path = ChainKernels.viterbi(LOG_INIT, LOG_TRANS, evidence, 0, 2);
        assertEquals(2, path.path().length);
        double[] endOfArray = {Double.NaN, -1.0, -2.0, -0.5, -0.25};
        assertEquals(path, ChainKernels.viterbi(LOG_INIT, LOG_TRANS, endOfArray, 1, 2));
    }

    @Test
    void simulatePathAcceptsALengthOfOneAndRejectsZero() {
        assertEquals(1, ChainKernels.simulatePath(LOG_INIT, LOG_TRANS, 1, Rng.seeded(1)).length);
        assertMessage("length = 0; a chain needs at least one step",
                () -> ChainKernels.simulatePath(LOG_INIT, LOG_TRANS, 0, Rng.seeded(1)));
    }

    private static void assertMessage(String expected, Runnable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
