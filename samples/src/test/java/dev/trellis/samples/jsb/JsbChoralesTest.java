package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocessing of {@link JsbChorales} against the counts Pyro reported in {@code jsb_hmm.json}. */
class JsbChoralesTest {
    private static final JsbChorales DATA = JsbData.CHORALES;
    private static final JsonNode GOLDEN = JsbData.HMM;

    @Test
    void keepsExactlyTheNotesThatSoundInTrainInIncreasingOrder() {
        assertArrayEquals(Golden.ints(GOLDEN.get("present_notes")), DATA.presentNotes());
        assertEquals(GOLDEN.get("num_tones").intValue(), DATA.numTones());
        assertEquals(51, DATA.numTones());
    }

    @Test
    void trainSplitHasPyrosCounts() {
        JsbSplit train = DATA.train();
        assertEquals(GOLDEN.get("train_num_sequences").intValue(), train.numSequences());
        assertEquals(GOLDEN.get("train_num_observations").intValue(), train.numObservations());
        assertEquals(GOLDEN.get("train_max_length").intValue(), train.maxLength());
        assertEquals(229, train.numSequences());
        assertEquals(13_807, train.numObservations());
        assertEquals(129, train.maxLength());
    }

    @Test
    void testSplitHasPyrosCounts() {
        JsbSplit test = DATA.split(GOLDEN.get("eval_split").asText());
        assertEquals(GOLDEN.get("eval_num_sequences").intValue(), test.numSequences());
        assertEquals(GOLDEN.get("eval_num_observations").intValue(), test.numObservations());
        assertEquals(GOLDEN.get("eval_max_length").intValue(), test.maxLength());
        assertEquals(77, test.numSequences());
        assertEquals(4_725, test.numObservations());
        assertEquals(160, test.maxLength());
        assertEquals(test.numObservations(), Arrays.stream(test.lengths()).sum());
    }

    /** Counted straight from the raw file: every sounding note is kept except those outside train's notes. */
    @Test
    void testSplitDropsNote24ThatNeverSoundsInTrain() throws IOException {
        JsonNode raw = new ObjectMapper().readTree(JsbData.file().toFile());
        int note24 = 0;
        int kept = 0;
        for (JsonNode chorale : raw.get("test")) {
            for (JsonNode step : chorale) {
                for (JsonNode midi : step) {
                    int note = midi.intValue() - JsbChorales.LOWEST_MIDI;
                    note24 += note == 24 ? 1 : 0;
                    kept += Arrays.binarySearch(DATA.presentNotes(), note) >= 0 ? 1 : 0;
                }
            }
        }
        assertTrue(note24 > 0, "note 24 sounds in the raw test split");
        assertFalse(Arrays.stream(DATA.presentNotes()).anyMatch(n -> n == 24), "note 24 is not a tone");
        assertEquals(kept, DATA.test().padded().sum().item(), "ones in the test tensor");
    }

    @Test
    void firstTrainStepHasItsNotesAtTheirTones() {
        // train[0][0] is MIDI {60, 72, 79, 88}: notes 39, 51, 58, 67
        double[] step = DATA.train().sequence(0)[0];
        int[] tones = new int[4];
        int count = 0;
        for (int d = 0; d < step.length; d++) {
            if (step[d] == 1) {
                tones[count++] = DATA.presentNotes()[d];
            }
        }
        assertArrayEquals(new int[] {39, 51, 58, 67}, Arrays.copyOf(tones, count));
    }

    @Test
    void paddedTensorHoldsEachSequenceThenZeros() {
        JsbSplit train = DATA.train();
        Tensor padded = train.padded();
        assertArrayEquals(new int[] {229, 129, 51}, padded.shape());
        for (int i : new int[] {0, 17, 228}) {
            Tensor rows = padded.select(0, i);
            assertEquals(train.sequenceTensor(i), rows.slice(0, 0, train.length(i)), "sequence " + i);
            assertEquals(0.0, rows.slice(0, train.length(i), train.maxLength()).abs().sum().item(), "padding " + i);
        }
    }

    @Test
    void rejectsANoteOffThePianoNamingWhere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"train\": [[[60], [20, 64]]]}");
        var e = assertThrows(IllegalArgumentException.class, () -> JsbChorales.load(file));
        assertTrue(e.getMessage().contains("sequence 0, step 1: MIDI number 20"), e.getMessage());
    }
}
