package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.samples.jsb.JsonTensors;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code jsb} command as a whole: its help, and how training ends when MAP runs off to the simplex's boundary. */
class JsbCommandTest {

    @Test
    void helpListsTheSubcommandsAndTheModels() {
        CliRun run = CliRun.of("jsb", "--help");

        assertEquals(0, run.exitCode(), run.err());
        for (String text : new String[] {"train", "eval", "decode", "hmm", "arhmm", "hmm2", "generates"}) {
            assertTrue(run.out().contains(text), text + " in " + run.out());
        }
        assertTrue(CliRun.of("--help").out().contains("jsb"));
        assertTrue(CliRun.of("jsb", "train", "--help").out().contains("slowest"));
    }

    @Test
    void withoutASubcommandItIsAUsageError() {
        CliRun run = CliRun.of("jsb");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("subcommand"), run.err());
    }

    /**
     * hmm.py's MAP objective is unbounded: Dirichlet(0.1) and Beta(0.1, 0.9) densities are infinite at the boundary,
     * so Adam keeps pushing unconstrained values towards -infinity. At lr 50 a softmax entry underflows to exactly 0
     * within a few steps. Either training carries on with finite values, or it stops with TrainingStoppedException
     * naming the step and the site or parameter; never a NaN in the report, never a crash. (Observed: it stops at step
     * 9, the loss -infinity at site 'probs_x'.)
     */
    @Test
    void drivenToTheBoundaryTrainingStopsCleanlyOrStaysFinite(@TempDir Path dir) {
        Path init = JsbCli.tables(dir, "init", JsbCli.SVI.get("init_params"));
        CliRun run = JsbCli.run("train", "--model", "hmm", "--init", init.toString(), "--steps", "20",
                "--batch-size", "229", "--lr", "50", "--json");

        JsonNode out = JsbCli.json(run);
        JsonNode losses = out.get("losses");
        for (JsonNode loss : losses) {
            assertTrue(loss.isNumber() && Double.isFinite(loss.doubleValue()), "loss " + loss);
        }
        if (run.exitCode() == 0) {
            assertEquals(20, losses.size());
        } else {
            assertEquals(1, run.exitCode(), run.err());
            JsonNode stopped = out.get("stopped");
            int step = stopped.get("step").asInt();
            assertEquals(step - 1, losses.size(), "the losses of the steps that completed");
            String message = stopped.get("message").asText();
            assertTrue(message.startsWith("training stopped at step " + step + ":"), message);
            assertTrue(message.contains("'probs_x'") || message.contains("'probs_y'"), message);
            assertTrue(run.err().contains(message), run.err());
        }
        // The reported tables are those before the failing step: finite and inside their constraints.
        JsonTensors.tensors(out.get("final_params")).forEach((name, value) -> {
            assertTrue(Arrays.stream(value.toArray()).allMatch(Double::isFinite), name);
            Constraint constraint = name.equals("probs_x") ? new Constraint.Simplex() : new Constraint.UnitInterval();
            assertTrue(constraint.firstViolation(value).isEmpty(), name + " inside its constraint");
        });
        assertTrue(out.get("train_loss_per_obs").isNull() || Double.isFinite(out.get("train_loss_per_obs").asDouble()));
    }

}
