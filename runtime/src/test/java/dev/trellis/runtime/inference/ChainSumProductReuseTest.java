package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A {@link ChainSumProduct} keeps per-sequence result slots between calls; a reused kernel must give exactly what a
 * fresh one gives, also when a sequence that had a result before is now empty or weighs 0. And the gradient checks
 * the transition table like the likelihood does.
 */
class ChainSumProductReuseTest {

    @Test
    void aReusedKernelForgetsTheResultsOfSequencesThatAreNowEmptyOrWeightless() {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(12), 3, 3, 2, 5, 0.0, false);
        ChainSumProduct reused = new ChainSumProduct(3);
        gradient(reused, plate, plate.logEvidence(), null);   // every slot now holds a result

        double[][][] oneEmpty = plate.logEvidence().clone();
        oneEmpty[1] = new double[0][];
        Gradient afterEmpty = gradient(reused, plate, oneEmpty, null);
        Gradient freshEmpty = gradient(new ChainSumProduct(3), plate, oneEmpty, null);
        afterEmpty.assertSame(freshEmpty);

        gradient(reused, plate, plate.logEvidence(), null);
        double[] weights = {1.0, 0.0, 2.0};
        Gradient afterWeightless = gradient(reused, plate, plate.logEvidence(), weights);
        Gradient freshWeightless = gradient(new ChainSumProduct(3), plate, plate.logEvidence(), weights);
        afterWeightless.assertSame(freshWeightless);
    }

    @Test
    void theGradientChecksTheTransitionTable() {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(13), 2, 2, 2, 3, 0.0, false);
        double[][][] dEvidence = {new double[plate.logEvidence()[0].length][2],
                new double[plate.logEvidence()[1].length][2]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChainSumProduct(2).logLikelihoodAndGradient(plate.logInit(), new double[][] {{0.0, 0.0}},
                        plate.logEvidence(), null, new double[2], new double[2][2], dEvidence));
        assertEquals("logTrans has 1 rows but logInit has 2 states; logTrans must be 2 x 2", e.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new ChainSumProduct(2).logLikelihoodAndGradient(plate.logInit(),
                        new double[][] {{0.0, 0.0}, {0.0, Double.NaN}}, plate.logEvidence(), null, new double[2],
                        new double[2][2], dEvidence));
        assertEquals("logTrans[1][1] is NaN", nan.getMessage());
    }

    private record Gradient(double logLikelihood, double[] dInit, double[][] dTrans, double[][][] dEvidence) {
        void assertSame(Gradient expected) {
            assertEquals(expected.logLikelihood, logLikelihood, 0.0);
            assertArrayEquals(expected.dInit, dInit, 0.0);
            assertArrayEquals(expected.dTrans, dTrans);
            assertArrayEquals(expected.dEvidence, dEvidence);
        }
    }

    private static Gradient gradient(ChainSumProduct kernel, RandomPlate plate, double[][][] logEvidence,
                                     double[] weights) {
        double[] dInit = new double[3];
        double[][] dTrans = new double[3][3];
        double[][][] dEvidence = new double[logEvidence.length][][];
        for (int s = 0; s < logEvidence.length; s++) {
            dEvidence[s] = new double[logEvidence[s].length][3];
        }
        double result = kernel.logLikelihoodAndGradient(plate.logInit(), plate.logTrans(), logEvidence, weights, dInit,
                dTrans, dEvidence);
        return new Gradient(result, dInit, dTrans, dEvidence);
    }
}
