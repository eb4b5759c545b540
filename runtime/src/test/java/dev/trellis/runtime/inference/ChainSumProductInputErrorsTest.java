package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every malformed input or output buffer of the plate kernel is rejected with a message that names the array and
 * the index at fault, and well-formed edge values (a weight of 0, -Infinity evidence) are accepted.
 */
class ChainSumProductInputErrorsTest {

    private final RandomPlate plate = RandomPlate.draw(new SplittableRandom(81), 2, 3, 2, 3, 0.0, true);
    private final ChainSumProduct kernel = new ChainSumProduct(2);

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    private void likelihood(double[][] logTrans, double[][][] logEvidence, double[] weights) {
        kernel.logLikelihood(plate.logInit(), logTrans, logEvidence, weights);
    }

    private void gradient(double[] dInit, double[][] dTrans, double[][][] dEvidence) {
        kernel.logLikelihoodAndGradient(plate.logInit(), plate.logTrans(), plate.logEvidence(), plate.weights(),
                dInit, dTrans, dEvidence);
    }

    @Test
    void bad_tables_and_evidence_rows_are_named() {
        assertMessage("logTrans has 1 rows but logInit has 2 states; logTrans must be 2 x 2",
                () -> likelihood(new double[][] {{0.0, 0.0}}, plate.logEvidence(), null));
        double[][][] evidence = plate.logEvidence();
        double[] row = evidence[1][1];
        evidence[1][1] = new double[] {0.0, Double.POSITIVE_INFINITY};
        assertMessage("logEvidence[1][1][1] = Infinity; a log-probability must be finite or -Infinity",
                () -> likelihood(plate.logTrans(), evidence, null));
        evidence[1][1] = new double[] {0.0};
        assertMessage("logEvidence[1][1] has length 1 but the chain has 2 states",
                () -> likelihood(plate.logTrans(), evidence, null));
        evidence[1][1] = null;
        assertMessage("logEvidence[1][1] is null", () -> likelihood(plate.logTrans(), evidence, null));
        evidence[1][1] = new double[] {Double.NEGATIVE_INFINITY, -1.0};
        likelihood(plate.logTrans(), evidence, null);
        evidence[1][1] = row;
        double[][][] missing = evidence.clone();
        missing[2] = null;
        assertMessage("logEvidence[2] is null; pass an empty array for a sequence of length 0",
                () -> likelihood(plate.logTrans(), missing, null));
    }

    @Test
    void weights_must_match_the_sequences_and_be_finite_and_non_negative() {
        assertMessage("weights has length 2 but there are 3 sequences",
                () -> likelihood(plate.logTrans(), plate.logEvidence(), new double[] {1.0, 1.0}));
        assertMessage("weights[2] = Infinity; a sequence weight must be finite and >= 0",
                () -> likelihood(plate.logTrans(), plate.logEvidence(),
                        new double[] {1.0, 1.0, Double.POSITIVE_INFINITY}));
        assertMessage("weights[0] = NaN; a sequence weight must be finite and >= 0",
                () -> likelihood(plate.logTrans(), plate.logEvidence(), new double[] {Double.NaN, 1.0, 1.0}));
        double all = kernel.logLikelihood(plate.logInit(), plate.logTrans(), plate.logEvidence(), null);
        double withoutFirst = kernel.logLikelihood(plate.logInit(), plate.logTrans(),
                new double[][][] {plate.logEvidence()[1], plate.logEvidence()[2]}, null);
        assertEquals(withoutFirst, kernel.logLikelihood(plate.logInit(), plate.logTrans(), plate.logEvidence(),
                new double[] {0.0, 1.0, 1.0}), 1e-12 * Math.abs(all));
    }

    @Test
    void adjoint_buffers_of_the_wrong_shape_are_named() {
        double[][][] dEvidence = plate.newEvidenceBuffers();
        assertMessage("dLogInit has length 3 but needs 2", () -> gradient(new double[3], new double[2][2], dEvidence));
        assertMessage("dLogTrans has 3 rows but needs 2", () -> gradient(new double[2], new double[3][2], dEvidence));
        assertMessage("dLogTrans[1] has length 1 but needs 2",
                () -> gradient(new double[2], new double[][] {new double[2], new double[1]}, dEvidence));
        assertMessage("dLogEvidence has 2 sequences but logEvidence has 3",
                () -> gradient(new double[2], new double[2][2], new double[2][][]));
        double[][][] shortRow = plate.newEvidenceBuffers();
        shortRow[2][1] = new double[1];
        assertMessage("dLogEvidence[2][1] has length 1 but needs 2",
                () -> gradient(new double[2], new double[2][2], shortRow));
        double[][][] nullRow = plate.newEvidenceBuffers();
        nullRow[0][0] = null;
        assertMessage("dLogEvidence[0][0] has length null but needs 2",
                () -> gradient(new double[2], new double[2][2], nullRow));
        gradient(new double[2], new double[2][2], plate.newEvidenceBuffers());
    }
}
