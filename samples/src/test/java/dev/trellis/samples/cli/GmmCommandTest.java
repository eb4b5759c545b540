package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gmm} commands print what {@code gmm.json} holds, under its key names. The numbers themselves are checked
 * to the golden tolerances in {@code GmmGoldenTest}; here a looser 1e-9 / 1e-7 / 1e-6 shows they arrive intact
 * through JSON.
 */
class GmmCommandTest {
    private static final JsonNode GOLDEN = Golden.load("gmm.json");
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void evalAtEachGoldenPointPrintsPyrosValues(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data.json");
        Files.writeString(data, GOLDEN.get("data").toString());
        for (JsonNode point : GOLDEN.get("points")) {
            Path params = dir.resolve(point.get("name").asText() + ".json");
            Files.writeString(params, point.toString());   // extra keys are ignored

            CliRun run = CliRun.of("gmm", "eval", "--data", data.toString(), "--params", params.toString(), "--json");

            assertEquals(0, run.exitCode(), run.err());
            JsonNode out = mapper.readTree(run.out());
            assertRelative(point.get("log_joint_marginal").doubleValue(), out.get("log_joint_marginal").doubleValue(),
                    1e-9, "log_joint_marginal");
            assertRelative(point.get("grad_log_joint_marginal").get("scale").doubleValue(),
                    out.get("grad_log_joint_marginal").get("scale").doubleValue(), 1e-7, "grad scale");
            assertEquals(2, out.get("grad_log_joint_marginal").get("weights").size());
            assertArrayEquals(Golden.ints(point.get("map_assignment")), Golden.ints(out.get("map_assignment")));
            assertRelative(Golden.matrix(point.get("posterior_assignment_probs")),
                    Golden.matrix(out.get("posterior_assignment_probs")), 1e-9, "posterior_assignment_probs");
        }
    }

    @Test
    void fitByDefaultRunsTheTutorialsFiftySteps() throws IOException {
        CliRun run = CliRun.of("gmm", "fit", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = mapper.readTree(run.out());
        JsonNode trajectory = GOLDEN.get("trajectory");
        assertEquals(50, out.get("losses").size());
        for (int step = 0; step < 50; step++) {
            assertRelative(trajectory.get("losses").get(step).doubleValue(), out.get("losses").get(step).doubleValue(),
                    1e-7, "losses[" + step + "]");
        }
        assertRelative(trajectory.get("final_params").get("scale").doubleValue(),
                out.get("final_params").get("scale").doubleValue(), 1e-6, "final scale");
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, Golden.ints(out.get("map_assignment")));
        assertEquals(5, out.get("posterior_assignment_probs").size());
    }

    @Test
    void fitTakesItsStartStepsAndOptimiserFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path init = dir.resolve("init.json");
        Files.writeString(init, GOLDEN.get("trajectory").get("init_params").toString());

        CliRun run = CliRun.of("gmm", "fit", "--init", init.toString(), "--steps", "3", "--lr", "0.1",
                "--betas", "0.8,0.99");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("step    2  loss 24.56521108"), run.out());
        assertTrue(run.out().contains("final locs"), run.out());
    }

    @Test
    void gmmWithoutASubcommandOrWithBadBetasIsAUsageError() {
        CliRun bare = CliRun.of("gmm");
        assertNotEquals(0, bare.exitCode());
        assertTrue(bare.err().contains("fit or eval"), bare.err());

        CliRun betas = CliRun.of("gmm", "fit", "--betas", "0.9");
        assertNotEquals(0, betas.exitCode());
        assertTrue(betas.err().contains("--betas takes two numbers"), betas.err());
    }

    /**
     * Three clusters fitted with three components: each cluster's points get their own MAP component, and the fitted
     * locations are the cluster means to within the pull of the priors.
     */
    @Test
    void fitTakesTheNumberOfComponents(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("three.json");
        Files.writeString(data, "[0, 0.5, 1, 10, 10.5, 11, 20, 20.5, 21]");

        CliRun run = CliRun.of("gmm", "fit", "--data", data.toString(), "--components", "3", "--steps", "200",
                "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = mapper.readTree(run.out());
        assertEquals(3, out.get("final_params").get("weights").size());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, Golden.ints(out.get("map_assignment")));
        double[] locs = Golden.doubles(out.get("final_params").get("locs"));
        assertEquals(0.5, locs[0], 0.05);
        assertEquals(10.5, locs[1], 0.05);
        assertEquals(20.5, locs[2], 0.05);
    }
}
