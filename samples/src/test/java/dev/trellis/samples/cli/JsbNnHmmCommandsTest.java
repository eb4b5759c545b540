package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.jsb.NnHmmGolden;
import dev.trellis.samples.jsb.TonesGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jsb train|eval|decode --model nnhmm}: hmm.py's model_5 through its generated program. Its tables are
 * {@code probs_x} and the network's parameters under their store names ({@code tones_generator$$$...}), written by
 * {@code train --save} and read by {@code eval} and {@code decode}.
 */
class JsbNnHmmCommandsTest {

    @Test
    void evalAtTheGoldenTablesMatchesPyro(@TempDir Path dir) {
        Path params = JsbCli.tables(dir, "nnhmm", TensorJson.object(new ObjectMapper(), NnHmmGolden.params()));
        CliRun run = JsbCli.run("eval", "--model", "nnhmm", "--params", params.toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        JsonNode golden = NnHmmGolden.FILE;
        assertRelative(golden.get("train_loss_no_prior").doubleValue(), out.get("train_loss_no_prior").doubleValue(),
                1e-9, "train_loss_no_prior");
        assertRelative(golden.get("train_loss_with_prior").doubleValue(),
                out.get("train_loss_with_prior").doubleValue(), 1e-9, "train_loss_with_prior");
        assertRelative(golden.get("test_loss_no_prior").doubleValue(), out.get("eval_loss_no_prior").doubleValue(),
                1e-9, "eval_loss_no_prior");
        assertTrue(out.get("grad_train_loss_with_prior").has(TonesGenerator.storeName("conv.weight")), out.toString());
    }

    @Test
    void trainWithSinglePrecisionProductsTrainsAsDoubleDoesUpToFloat32() {
        // the same seed: the losses differ only by the products' float32 rounding, then one update made with them
        CliRun inDouble = JsbCli.run("train", "--model", "nnhmm", "--batch-size", "8", "--steps", "2", "--json");
        CliRun inSingle = JsbCli.run("train", "--model", "nnhmm", "--batch-size", "8", "--steps", "2", "--json",
                "--products", "single");

        // the network's widest product sums 2 channels x 51 tones (measured: 5e-10 and 4e-9 relative)
        SinglePrecisionRuns.assertLossesDifferOnlyByFloat32Products(inDouble, inSingle, 102);
    }

    @Test
    void onlyLocalMastersRunTheirExecutorsInThisJvm() {
        assertTrue(JsbTrainCommand.runsExecutorsHere("local"));
        assertTrue(JsbTrainCommand.runsExecutorsHere("local[2]"));
        assertTrue(JsbTrainCommand.runsExecutorsHere("local[*]"));
        assertFalse(JsbTrainCommand.runsExecutorsHere("local-cluster[2,1,1024]"));
        assertFalse(JsbTrainCommand.runsExecutorsHere("spark://localhost:7077"));
        assertFalse(JsbTrainCommand.runsExecutorsHere("yarn"));
    }

    @Test
    void trainRefusesSinglePrecisionProductsOnExecutorsOfOtherJvms() {
        CliRun run = JsbCli.run("train", "--model", "nnhmm", "--steps", "1", "--products", "single", "--spark",
                "spark://nowhere:7077");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--products single sets this JVM's products only; the executors of --spark "
                + "spark://nowhere:7077 run in other JVMs"), run.err());
    }

    @Test
    void trainSavesTablesThatDecodeReads(@TempDir Path dir) {
        Path saved = dir.resolve("trained.json");
        CliRun train = JsbCli.run("train", "--model", "nnhmm", "--batch-size", "8", "--steps", "2", "--json",
                "--save", saved.toString());

        assertEquals(0, train.exitCode(), train.err());
        JsonNode report = JsbCli.json(train);
        assertEquals(2, report.get("losses").size());
        report.get("losses").forEach(loss -> assertTrue(Double.isFinite(loss.doubleValue()), report.toString()));
        assertTrue(report.get("final_params").has(TonesGenerator.storeName("hidden_to_logits.weight")));
        assertTrue(report.get("test_loss_per_obs").doubleValue() > 0, report.toString());

        CliRun decode = JsbCli.run("decode", "--model", "nnhmm", "--params", saved.toString(), "--sequence", "0",
                "--json");
        assertEquals(0, decode.exitCode(), decode.err());
        JsonNode path = JsbCli.json(decode);
        assertEquals(path.get("length").asInt(), path.get("path").size());
        path.get("path").forEach(state -> assertTrue(state.asInt() >= 0 && state.asInt() < 16, path.toString()));
        assertTrue(path.get("log_joint").doubleValue() < 0, path.toString());
    }
}
