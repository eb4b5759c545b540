package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hmm-gaussian} end to end on a short series: its JSON, its accuracy, its plot, its errors. */
class HmmGaussianCommandTest {
    private static final int STEPS = 200;
    private static final int STATES = 3;

    @Test
    void aShortRunFitsTheSeriesAndDecodesItFarAboveChance(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("fit.png");
        CliRun run = CliRun.of("hmm-gaussian", "--states", "" + STATES, "--steps", "" + STEPS, "--steps-svi", "150",
                "--seed", "1", "--json", "--plot", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());   // stdout is JSON only: the bar went to stderr
        assertTrue(run.err().contains("150/150"), run.err());
        for (String key : new String[] {"states", "steps", "seed", "svi_steps", "lr", "restarts", "best_restart",
                "series", "true_states", "true_params", "start_params", "fitted_params", "fitted_to_true", "losses",
                "log_likelihood_true", "log_likelihood_fitted", "map_path", "map_log_joint", "marginals",
                "map_accuracy", "marginal_accuracy", "true_tables_map_accuracy", "mean_probability_of_true_state"}) {
            assertTrue(out.has(key), key + " in " + out.fieldNames());
        }
        assertEquals(STEPS, out.get("series").size());
        assertEquals(150, out.get("losses").size());
        assertTrue(out.get("losses").get(149).asDouble() < out.get("losses").get(0).asDouble(), "training helped");
        for (String params : new String[] {"true_params", "start_params", "fitted_params"}) {
            assertEquals(STATES, out.get(params).get("locs").size(), params);
            assertEquals(STATES, out.get(params).get("probs_x").get(0).size(), params);
        }

        int[] truth = ints(out.get("true_states"));
        int[] map = ints(out.get("map_path"));
        int same = 0;
        int[] counts = new int[STATES];
        for (int t = 0; t < STEPS; t++) {
            same += map[t] == truth[t] ? 1 : 0;
            counts[truth[t]]++;
        }
        assertEquals((double) same / STEPS, out.get("map_accuracy").asDouble(), 1e-15, "map_accuracy is of map_path");
        double majority = (double) Arrays.stream(counts).max().orElseThrow() / STEPS;
        // Means 2.5 apart with scales up to 1: a decoder that reads the series errs on a few percent of the steps; one
        // that does not (or mislabels the states) errs at least as often as guessing the most frequent state.
        double accuracy = out.get("map_accuracy").asDouble();
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        assertTrue(1 - accuracy < 0.25 * (1 - majority), "accuracy " + accuracy + ", majority " + majority);
        assertTrue(out.get("marginal_accuracy").asDouble() > 0.9, out.get("marginal_accuracy").toString());
        for (int k = 0; k < STATES; k++) {
            assertEquals(out.get("true_params").get("locs").get(k).asDouble(),
                    out.get("fitted_params").get("locs").get(k).asDouble(), 0.3, "fitted mean of state " + k);
        }
        JsonNode marginals = out.get("marginals");
        assertEquals(STEPS, marginals.size());
        for (JsonNode step : marginals) {
            double sum = 0;
            for (JsonNode p : step) {
                sum += p.asDouble();
            }
            assertEquals(1.0, sum, 1e-9);
        }

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(700, image.getHeight());
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    @Test
    void theTextReportShowsTablesAccuraciesAndPaths() {
        CliRun run = CliRun.of("hmm-gaussian", "--steps", "120", "--steps-svi", "60", "--restarts", "2");

        assertEquals(0, run.exitCode(), run.err());
        for (String line : new String[] {"best of 2 starts", "fitted states in the true labels", "transition matrix",
                "MAP path (Viterbi) at the fitted tables", "most probable state under the marginals",
                "MAP path at the true tables", "   100 true "}) {
            assertTrue(run.out().contains(line), line + " in\n" + run.out());
        }
        assertTrue(run.err().contains("120/120"), "the bar counts the steps of every start: " + run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--states 1            | --states must be between 2 and 36, got 1",
            "--states 40           | --states must be between 2 and 36, got 40",
            "--states 4 --steps 3  | --steps must be at least the number of states (4)",
            "--steps-svi 0         | --steps-svi must be at least 1, got 0",
            "--lr -0.1             | --lr must be a positive number, got -0.1",
            "--lr NaN              | --lr must be a positive number, got NaN",
            "--restarts 0          | --restarts must be at least 1, got 0",
            "--states three        | Invalid value for option '--states': 'three' is not an int"})
    void badOptionsAreAClearMessageWithoutAStackTrace(String options, String message) {
        String[] args = ("hmm-gaussian " + options.strip()).split(" +");
        CliRun run = CliRun.of(args);

        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }
}
