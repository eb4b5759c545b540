package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nilm} end to end on short households: its JSON, its accuracy, its plot, its errors. */
class NilmCommandTest {

    @Test
    void threeAppliancesAreLearnedFromTheAggregateAndDecodedFarAboveChance(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("nilm.png");
        CliRun run = CliRun.of("nilm", "--appliances", "3", "--steps", "400", "--steps-svi", "150", "--restarts", "1",
                "--json", "--plot", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        assertTrue(run.err().contains("150/150"), run.err());
        for (String key : new String[] {"appliances", "names", "steps", "seed", "svi_steps", "lr", "restarts",
                "best_restart", "reading", "true_params", "start_params", "learned_params", "learned_to_true",
                "losses", "log_likelihood_true", "log_likelihood_learned", "map_log_joint", "true_on", "map_on",
                "probability_on", "scores", "mean_map_accuracy"}) {
            assertTrue(out.has(key), key + " in " + out.fieldNames());
        }
        assertEquals("[\"fridge\",\"washing machine\",\"kettle\"]", out.get("names").toString());
        assertEquals(400, out.get("reading").size());
        assertEquals(3, out.get("learned_params").get("switching").size());
        double meanAccuracy = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode score = out.get("scores").get(i);
            int[] truth = ints(out.get("true_on").get(i));
            int[] map = ints(out.get("map_on").get(i));
            assertEquals(400, map.length);
            int same = 0;
            int on = 0;
            for (int t = 0; t < truth.length; t++) {
                same += truth[t] == map[t] ? 1 : 0;
                on += truth[t];
                double p = out.get("probability_on").get(i).get(t).asDouble();
                assertTrue(p >= 0 && p <= 1, "P(on) " + p);
            }
            String what = score.get("name").asText();
            assertEquals((double) same / truth.length, score.get("map_accuracy").asDouble(), 1e-15, what);
            assertEquals(Math.max(on, truth.length - on) / (double) truth.length,
                    score.get("majority_baseline").asDouble(), 1e-15, what);
            // The kettle is on a few percent of the time, so "always off" is already ~0.97 accurate: F1 of "on"
            // is the score a decoder that ignores the reading (or mixes the appliances up) cannot reach.
            assertTrue(score.get("map_accuracy").asDouble() >= score.get("majority_baseline").asDouble(), what);
            assertTrue(score.get("on_f1").asDouble() > 0.9, what + " F1 " + score.get("on_f1"));
            assertEquals(score.get("true_power").asDouble(), score.get("learned_power").asDouble(),
                    0.1 * score.get("true_power").asDouble(), what + " draw");
            meanAccuracy += score.get("map_accuracy").asDouble() / 3;
        }
        assertEquals(meanAccuracy, out.get("mean_map_accuracy").asDouble(), 1e-12);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(300 + 3 * 130 + 120, image.getHeight());
    }

    /** Five chains: the five-chain model decodes at the true parameters, whatever a very short fit learned. */
    @Test
    void fiveAppliancesRunTheFiveChainModel() throws IOException {
        CliRun run = CliRun.of("nilm", "--appliances", "5", "--steps", "200", "--steps-svi", "20", "--restarts", "1",
                "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        assertEquals(5, out.get("names").size());
        assertEquals(5, out.get("map_on").size());
        assertEquals(5, out.get("learned_params").get("power").size());
        for (JsonNode score : out.get("scores")) {
            assertTrue(score.get("reference_accuracy").asDouble() > 0.97, score.toString());
        }
    }

    @Test
    void theTextReportShowsEachApplianceAndItsPaths() {
        CliRun run = CliRun.of("nilm", "--appliances", "4", "--steps", "150", "--steps-svi", "30", "--restarts", "2");

        assertEquals(0, run.exitCode(), run.err());
        for (String line : new String[] {"a household of 4 appliances", "best of 2 starts", "dishwasher",
                "base load 80.0 W", "the first 120 minutes", "kettle           true "}) {
            assertTrue(run.out().contains(line), line + " in\n" + run.out());
        }
        assertTrue(run.err().contains("60/60"), run.err());
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--appliances 2  | --appliances must be between 3 and 5 (one model class per number of chains), got 2",
            "--appliances 6  | --appliances must be between 3 and 5",
            "--steps 1       | --steps must be at least 2, got 1",
            "--steps-svi 0   | --steps-svi must be at least 1, got 0",
            "--lr 0          | --lr must be a positive number, got 0.0",
            "--restarts 0    | --restarts must be at least 1, got 0",
            "--seed x        | Invalid value for option '--seed': 'x' is not a long"})
    void badOptionsAreAClearMessageWithoutAStackTrace(String options, String message) {
        CliRun run = CliRun.of(("nilm " + options.strip()).split(" +"));

        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }
}
