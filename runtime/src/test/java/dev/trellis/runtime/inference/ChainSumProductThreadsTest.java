package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results do not depend on the number of workers, nor on what an instance computed before: every output is
 * compared bit for bit ({@code assertArrayEquals} on doubles compares bit patterns), not within a tolerance.
 */
class ChainSumProductThreadsTest {

    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(4);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    /** 41 ragged sequences (lengths 0-300), weighted, two of them needing the log-space fallback. */
    private static RandomPlate plate() {
        RandomPlate plate = RandomPlate.draw(new SplittableRandom(2024), 5, 41, 0, 300, 0.0, true);
        for (int s : new int[] {6, 29}) {
            for (double[] row : plate.logEvidence()[s]) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= 400;
                }
            }
        }
        return plate;
    }

    @Test
    void gradientsAreBitIdenticalForOneAndManyWorkers() {
        RandomPlate plate = plate();
        PlateGradient sequential = PlateGradient.of(plate);
        for (int workers : new int[] {1, 2, 3, 7}) {
            PlateGradient parallel = PlateGradient.of(new ChainSumProduct(5, pool, workers), plate);
            assertIdentical(sequential, parallel);
        }
    }

    @Test
    void likelihoodsAreBitIdenticalForOneAndManyWorkers() {
        RandomPlate plate = plate();
        double sequential = new ChainSumProduct(5).logLikelihood(plate.logInit(), plate.logTrans(),
                plate.logEvidence(), plate.weights());
        for (int workers : new int[] {2, 3, 7}) {
            double parallel = new ChainSumProduct(5, pool, workers).logLikelihood(plate.logInit(), plate.logTrans(),
                    plate.logEvidence(), plate.weights());
            assertEquals(sequential, parallel, 0.0);
        }
    }

    @Test
    void reusedBuffersCarryNothingFromOneCallToTheNext() {
        RandomPlate plate = plate();
        RandomPlate longer = RandomPlate.draw(new SplittableRandom(9), 5, 60, 0, 700, 0.1, false);
        ChainSumProduct kernel = new ChainSumProduct(5, pool, 3);
        PlateGradient first = PlateGradient.of(kernel, plate);
        PlateGradient.of(kernel, longer);
        assertIdentical(first, PlateGradient.of(kernel, plate));
    }

    private static void assertIdentical(PlateGradient expected, PlateGradient actual) {
        assertEquals(expected.logLikelihood(), actual.logLikelihood(), 0.0);
        assertArrayEquals(expected.dLogInit(), actual.dLogInit());
        for (int i = 0; i < expected.dLogTrans().length; i++) {
            assertArrayEquals(expected.dLogTrans()[i], actual.dLogTrans()[i]);
        }
        for (int s = 0; s < expected.dLogEvidence().length; s++) {
            for (int t = 0; t < expected.dLogEvidence()[s].length; t++) {
                assertArrayEquals(expected.dLogEvidence()[s][t], actual.dLogEvidence()[s][t]);
            }
        }
    }
}
