package dev.trellis.samples.nilm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The starts of a NILM fit read off the reading: jump sizes, their peaks and clusters, and the ladder. */
class SwitchingJumpsTest {

    @Test
    void onlyJumpsThatStandOutFromTheNoiseCount() {
        // Noise of +-1 around 100, a 150 W appliance on for steps 10..19 and a 2000 W one at step 30.
        double[] reading = new double[40];
        for (int t = 0; t < reading.length; t++) {
            reading[t] = 100 + (t % 2 == 0 ? 1 : -1) + (t >= 10 && t < 20 ? 150 : 0) + (t == 30 ? 2000 : 0);
        }
        double[] sizes = Arrays.stream(SwitchingJumps.logSizes(reading)).map(Math::exp).sorted().toArray();

        assertArrayEquals(new double[] {148, 152, 2002, 2002}, sizes, 1e-9);
    }

    @Test
    void aRareAppliancesFewAlikeJumpsMakeAPeakBesideAFrequentOnesMany() {
        double[] logs = new double[46];
        Rng rng = Rng.seeded(3);
        for (int i = 0; i < 40; i++) {
            logs[i] = Math.log(150) + 0.05 * rng.nextGaussian();
        }
        for (int i = 40; i < 44; i++) {
            logs[i] = Math.log(1200) + 0.02 * rng.nextGaussian();
        }
        logs[44] = Math.log(650);    // two appliances switching in one minute
        logs[45] = Math.log(1350);
        Arrays.sort(logs);

        double[] peaks = SwitchingJumps.peaks(logs, 2, NilmFit.PEAK_HALF_WIDTH);

        assertEquals(2, peaks.length);
        assertEquals(150, Math.exp(peaks[0]), 10);
        assertEquals(1200, Math.exp(peaks[1]), 40);
        assertEquals(3, SwitchingJumps.peaks(logs, 3, NilmFit.PEAK_HALF_WIDTH).length);
        assertEquals(1, SwitchingJumps.peaks(new double[] {5.0, 5.01}, 3, NilmFit.PEAK_HALF_WIDTH).length,
                "values that are all one peak give one");
    }

    @Test
    void kMeansSeparatesClustersAndRefusesTooFewDistinctValues() {
        double[] logs = {1.0, 1.1, 0.9, 5.0, 5.2, 4.8, 9.0};
        double[] centres = SwitchingJumps.centres(logs, 3, Rng.seeded(1));
        assertArrayEquals(new double[] {1.0, 5.0, 9.0}, centres, 1e-12);
        assertNull(SwitchingJumps.centres(new double[] {1.0, 1.0, 2.0}, 3, Rng.seeded(1)));
    }

    @Test
    void theLadderStartAddsUpToTheRangeAndStartsWide() {
        double[] reading = new double[101];
        for (int t = 0; t < reading.length; t++) {
            reading[t] = 100 + 7 * t;   // no jump stands out: every start falls back on the ladder
        }
        Map<String, Tensor> start = NilmFit.start(reading, 3, 1, 0);

        double range = NilmFit.quantile(reading, 0.99) - NilmFit.quantile(reading, 0.01);
        assertArrayEquals(new double[] {range / 7, 2 * range / 7, 4 * range / 7}, start.get("power").toArray(),
                1e-9);
        assertEquals(NilmFit.quantile(reading, 0.01), start.get("base").item(), 1e-12);
        assertEquals(2.5 * range / 7, start.get("noise").item(), 1e-9);
        assertArrayEquals(start.get("power").toArray(), NilmFit.start(reading, 3, 0, 0).get("power").toArray());
    }

    @Test
    void aReadingWithoutSpreadCannotStart() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NilmFit.start(new double[] {50, 50, 50}, 3, 0, 0));
        assertTrue(error.getMessage().contains("spread above it"), error.getMessage());
    }
}
