package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.trellis.runtime.errors.SiteException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Bernoulli checks and the prepared (sparse) form of observed data: checks remembered per kind (a passed [0, 1]
 * check is no passed 0/1 check), bad data refused by the preparation itself, and minibatches of 0/1 data that select
 * their rows from the whole data's sparse form instead of copying their values.
 */
class ObservedDataBernoulliTest {

    private static final DataLevels HMM = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();

    @Test
    void softDataThatPassedTheUnitIntervalCheckStillFailsTheBinaryOne() {
        ObservedData soft = HMM.bind(List.<double[][]>of(new double[][] {{0, 1, 1}, {0, 0.5, 1}}));
        soft.checkBernoulli(false);
        soft.checkBernoulli(false);
        SiteException e = assertThrows(SiteException.class, () -> soft.checkBernoulli(true));
        assertEquals("site 'y' at sequences[0].time[1].tones[1]: observed value 0.5 is not 0 or 1; a Bernoulli "
                + "observation read as a later step's previous value must be 0 or 1", e.getMessage());
    }

    @Test
    void preparingBernoulliObservationsRefusesDataOutsideTheUnitInterval() {
        ObservedData outside = HMM.bind(List.of(new double[][] {{0, 1}}, new double[][] {{1, 0}, {-0.5, 1}}));
        SiteException e = assertThrows(SiteException.class, outside::bernoulliObservations);
        assertEquals("site 'y' at sequences[1].time[1].tones[0]: observed value -0.5 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]", e.getMessage());
        ObservedData batch = outside.subsample(new int[] {1});
        SiteException own = assertThrows(SiteException.class, batch::bernoulliObservations);
        assertEquals("site 'y' at sequences[0].time[1].tones[0]: observed value -0.5 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]", own.getMessage(), "a minibatch names its own entry");
    }

    @Test
    void aUniformMinibatchOfRaggedDataPreparesItsOwnObservations() {
        DataLevels voices = DataLevels.of("y").plate("sequences").plate("time").folded("voices").build();
        ObservedData ragged = voices.bind(List.of(new double[][] {{1, 0}, {0, 1}}, new double[][] {{1, 1, 0}},
                new double[][] {{0, 0}, {1, 1}, {0, 1}}));
        assertTrue(ragged.isRagged());
        ObservedData batch = ragged.subsample(new int[] {2, 0});
        assertSameObservations(batch, batch.bernoulliObservations());
    }

    @Test
    void aMinibatchOfBinaryDataSelectsItsSparseRowsWithoutCopyingItsValues() {
        int sequences = 64;
        int steps = 50;
        int tones = 64;
        SplittableRandom random = new SplittableRandom(7);
        List<double[][]> y = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            double[][] sequence = new double[steps][tones];
            for (double[] step : sequence) {
                step[random.nextInt(tones)] = 1;
            }
            y.add(sequence);
        }
        ObservedData data = HMM.bind(y);
        data.bernoulliObservations();   // the whole data's sparse form, prepared once (as a first SVI step does)
        int[] members = random.ints(sequences / 2, 0, sequences).toArray();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ObservedData batch = data.subsample(members);
        BernoulliObservations observations = batch.bernoulliObservations();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long valueBytes = 8L * members.length * steps * tones;
        assertTrue(allocated < valueBytes / 4, "a minibatch of " + members.length + " sequences allocated "
                + allocated + " bytes; its values alone take " + valueBytes);
        assertTrue(observations.isBinary());
        assertSameObservations(batch, observations);
    }

    @Test
    void aMinibatchOfSoftDataPreparesDenseObservationsOfItsOwnRows() {
        ObservedData soft = HMM.bind(List.of(new double[][] {{0, 1}, {1, 0}}, new double[][] {{0.25, 1}},
                new double[][] {{1, 1}}));
        assertTrue(!soft.bernoulliObservations().isBinary());
        ObservedData batch = soft.subsample(new int[] {2, 1});
        BernoulliObservations observations = batch.bernoulliObservations();
        assertTrue(!observations.isBinary());
        assertSameObservations(batch, observations);
        ObservedData binaryBatch = soft.subsample(new int[] {2, 0});
        assertTrue(binaryBatch.bernoulliObservations().isBinary(), "rows of 0/1 values alone are sparse again");
        assertSameObservations(binaryBatch, binaryBatch.bernoulliObservations());
    }

    private static void assertSameObservations(ObservedData data, BernoulliObservations observations) {
        assertEquals(data.instances(), observations.numSteps());
        for (int i = 0; i < data.instances(); i++) {
            assertEquals(data.rowWidth(i), observations.numTones(), "row " + i);
            for (int d = 0; d < data.rowWidth(i); d++) {
                assertEquals(data.value(i, d), observations.get(i, d), "row " + i + ", tone " + d);
            }
        }
    }
}
