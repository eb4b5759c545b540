package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plate kernel's fast row tests decide only whether the full check runs: an evidence row with no good entry at
 * all and a missing adjoint sequence are named like any other bad input.
 */
class PlateInputValidatorRowsTest {

    private final RandomPlate plate = RandomPlate.draw(new SplittableRandom(82), 2, 2, 2, 3, 0.0, false);

    @Test
    void anEvidenceRowWithoutAnyGoodEntryIsNamed() {
        double[][][] evidence = plate.logEvidence();
        evidence[1][1] = new double[] {Double.NaN, Double.POSITIVE_INFINITY};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChainSumProduct(2).logLikelihood(plate.logInit(), plate.logTrans(), evidence, null));
        assertEquals("logEvidence[1][1][0] is NaN", e.getMessage());
    }

    @Test
    void aMissingAdjointSequenceIsNamed() {
        double[][][] dEvidence = {new double[plate.logEvidence()[0].length][2], null};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChainSumProduct(2).logLikelihoodAndGradient(plate.logInit(), plate.logTrans(),
                        plate.logEvidence(), null, new double[2], new double[2][2], dEvidence));
        assertEquals("dLogEvidence[1] has no rows but needs " + plate.logEvidence()[1].length, e.getMessage());
    }
}
