package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.samples.jsb.JsonTensors;
import dev.trellis.samples.jsb.TensorTolerance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jsb eval --json} against Pyro's numbers in {@code jsb_hmm.json}, once per model (hmm through the generated
 * program, the others through the reference; hmm2's run takes seconds, so each model is evaluated once). Tolerances
 * are those of JsbModelGoldenTest, where they are justified: losses 1e-9 relative (sums of ~10^6 log-probabilities in
 * another order; measured within 2e-15), gradients 1e-7 relative with TensorTolerance's floor.
 */
class JsbEvalCommandTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hmm", "arhmm", "fhmm", "pfhmm", "hmm2"})
    void jsonMatchesPyroAtTheGoldenTables(String model, @TempDir Path dir) {
        JsonNode golden = JsbCli.HMM.get("models").get(model);
        CliRun run = JsbCli.run("eval", "--model", model, "--params",
                JsbCli.tables(dir, model, golden.get("params")).toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        assertRelative(golden.get("train_loss_no_prior").doubleValue(), out.get("train_loss_no_prior").doubleValue(),
                1e-9, model + " train_loss_no_prior");
        assertRelative(golden.get("eval_loss_no_prior").doubleValue(), out.get("eval_loss_no_prior").doubleValue(),
                1e-9, model + " eval_loss_no_prior");
        assertEquals(golden.get("eval_split").asText(), out.get("eval_split").asText());
        if (golden.get("train_loss_with_prior").isNull()) {
            assertTrue(out.get("train_loss_with_prior").isNull(), model + " has no prior");
            assertTrue(out.get("grad_train_loss_with_prior").isNull(), model + " has no prior");
            return;
        }
        assertRelative(golden.get("train_loss_with_prior").doubleValue(),
                out.get("train_loss_with_prior").doubleValue(), 1e-9, model + " train_loss_with_prior");
        JsonNode grads = out.get("grad_train_loss_with_prior");
        golden.get("grad_train_loss_with_prior").fields().forEachRemaining(field ->
                TensorTolerance.assertGradient(JsonTensors.tensor(field.getValue()),
                        JsonTensors.tensor(grads.get(field.getKey())), 1e-7, model + " grad " + field.getKey()));
        assertEquals(golden.get("grad_train_loss_with_prior").size(), grads.size(), model + " gradient names");
    }

    @Test
    void evalSplitIsSelectable(@TempDir Path dir) {
        JsonNode golden = JsbCli.HMM.get("models").get("hmm");
        Path params = JsbCli.tables(dir, "hmm", golden.get("params"));
        CliRun train = JsbCli.run("eval", "--model", "hmm", "--params", params.toString(), "--split", "train",
                "--json");

        assertEquals(0, train.exitCode(), train.err());
        JsonNode out = JsbCli.json(train);
        assertEquals("train", out.get("eval_split").asText());
        // The same computation on the same split: equal to the last bit, not just within tolerance.
        assertEquals(out.get("train_loss_no_prior").doubleValue(), out.get("eval_loss_no_prior").doubleValue(), 0.0);
    }

    @Test
    void badTablesAreNamedNotComputed(@TempDir Path dir) throws Exception {
        JsonNode params = JsbCli.HMM.get("models").get("hmm").get("params").deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) params.get("probs_y").get(2)).set(5,
                com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1.5));
        CliRun run = JsbCli.run("eval", "--model", "hmm", "--params", JsbCli.tables(dir, "bad", params).toString(),
                "--json");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("probs_y") && run.err().contains("[2, 5]") && run.err().contains("1.5"),
                run.err());

        CliRun misspelt = JsbCli.run("eval", "--model", "fhmm", "--params",
                JsbCli.tables(dir, "hmm", JsbCli.HMM.get("models").get("hmm").get("params")).toString());
        assertEquals(2, misspelt.exitCode());
        assertTrue(misspelt.err().contains("probs_w"), misspelt.err());
    }
}
