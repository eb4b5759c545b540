package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.jsb.HmmInference;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.HmmProgram;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbSplit;
import dev.trellis.samples.jsb.JsonTensors;
import dev.trellis.samples.jsb.TensorTolerance;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jsb train} against Pyro's 20-step MAP Baum-Welch trajectory ({@code jsb_hmm_svi.json}), and its outputs. */
class JsbTrainCommandTest {

    /**
     * The golden run: hmm from init_params, whole split, Adam 0.05. Tolerances as MapBaumWelchGoldenTest: losses 1e-7
     * relative, final tables 1e-6 relative (the trajectory compounds 20 steps of rounding; measured within 1e-15 and
     * 4e-14 absolute).
     */
    @Test
    void fullBatchTrajectoryIsPyros(@TempDir Path dir) throws IOException {
        JsonNode svi = JsbCli.SVI;
        Path init = JsbCli.tables(dir, "init", svi.get("init_params"));
        Path saved = dir.resolve("final.json");
        Path png = dir.resolve("loss.png");
        CliRun run = JsbCli.run("train", "--model", "hmm", "--init", init.toString(), "--steps", "20",
                "--batch-size", "229", "--lr", "0.05", "--json", "--save", saved.toString(), "--plot", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);   // stdout is JSON only: the progress bar went to stderr
        assertEquals(20, out.get("losses").size());
        for (int step = 0; step < 20; step++) {
            assertRelative(svi.get("losses").get(step).doubleValue(), out.get("losses").get(step).doubleValue(), 1e-7,
                    "losses[" + step + "]");
        }
        svi.get("final_params").fields().forEachRemaining(field -> TensorTolerance.assertRelative(
                JsonTensors.tensor(field.getValue()), JsonTensors.tensor(out.get("final_params").get(field.getKey())),
                1e-6, "final " + field.getKey()));
        // --save writes exactly the reported tables.
        JsonNode savedTables = new ObjectMapper().readTree(saved.toFile());
        assertEquals(out.get("final_params"), savedTables);
        assertTrue(run.err().contains("20/20"), run.err());
        assertFalse(run.out().contains("20/20"), "the progress bar stays off stdout");
        assertEquals(13807, out.get("train_num_observations").asInt());
        assertTrue(out.get("train_loss_per_obs").doubleValue() > 0 && out.get("test_loss_per_obs").doubleValue() > 0);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(520, image.getHeight());
        byte[] magic = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals((byte) 0x89, magic[0]);
        assertEquals("PNG", new String(magic, 1, 3, StandardCharsets.US_ASCII));
    }

    /**
     * The final report is hmm.py's: losses WITHOUT the prior, each over its own split's steps. Checked against
     * {@code jsb eval} at the saved tables, a separate computation path (the gradient tape of eval vs the plain loss).
     */
    @Test
    void finalLossesPerObservationAreWithoutThePrior(@TempDir Path dir) {
        Path init = JsbCli.tables(dir, "init", JsbCli.SVI.get("init_params"));
        Path saved = dir.resolve("final.json");
        JsonNode out = JsbCli.json(JsbCli.run("train", "--model", "hmm", "--init", init.toString(), "--steps", "2",
                "--batch-size", "229", "--json", "--save", saved.toString()));
        JsonNode eval = JsbCli.json(JsbCli.run("eval", "--model", "hmm", "--params", saved.toString(), "--json"));

        assertRelative(eval.get("train_loss_no_prior").doubleValue() / 13807, out.get("train_loss_per_obs").doubleValue(),
                1e-12, "train loss per observation");
        assertRelative(eval.get("eval_loss_no_prior").doubleValue() / JsbCli.HMM.get("eval_num_observations").asInt(),
                out.get("test_loss_per_obs").doubleValue(), 1e-12, "test loss per observation");
    }

    /**
     * A batch of one sequence: hmm.py's plate scales the batch's likelihood by 229 / 1 and leaves the prior unscaled,
     * so {@code (loss + log prior) / 229} of the first step (at the init tables) must be one chorale's
     * {@code -log p(y_s)}. The candidates come from the posterior kernel of the generated program (HmmInference), a
     * different code path from the training factor; 1e-9 relative covers summation order over ~10^4 terms, while a
     * wrong scale or a missing prior would miss every candidate by orders of magnitude more.
     */
    @Test
    void subsampledStepScalesTheBatchToTheSplit(@TempDir Path dir) {
        Path init = JsbCli.tables(dir, "init", JsbCli.SVI.get("init_params"));
        JsonNode eval = JsbCli.json(JsbCli.run("eval", "--model", "hmm", "--params", init.toString(), "--json"));
        double logPrior = eval.get("train_loss_no_prior").doubleValue() - eval.get("train_loss_with_prior").doubleValue();
        CliRun run = JsbCli.run("train", "--model", "hmm", "--init", init.toString(), "--steps", "3", "--batch-size",
                "1", "--seed", "5", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode losses = JsbCli.json(run).get("losses");
        assertEquals(3, losses.size());
        double oneSequence = (losses.get(0).doubleValue() + logPrior) / 229;
        JsbSplit train = JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json")).train();
        List<double[][]> sequences = new ArrayList<>();
        for (int s = 0; s < train.numSequences(); s++) {
            sequences.add(train.sequence(s));
        }
        HmmInference posterior = new HmmProgram(new Hmm(16, train.numTones()), sequences)
                .inference(JsonTensors.tensors(JsbCli.SVI.get("init_params")));
        double closest = Double.POSITIVE_INFINITY;
        for (int s = 0; s < train.numSequences(); s++) {
            double loss = -posterior.logLikelihood(List.<double[][]>of(sequences.get(s)));
            closest = Math.min(closest, Math.abs(loss - oneSequence) / oneSequence);
        }
        assertTrue(closest < 1e-9, "(loss + log prior) / 229 = " + oneSequence + " is no chorale's loss; closest "
                + "relative difference " + closest);
    }

    @Test
    void everyModelTrainsOnMinibatchesThroughItsGeneratedProgram() {
        for (String model : new String[] {"arhmm", "fhmm", "pfhmm"}) {
            CliRun run = JsbCli.run("train", "--model", model, "--batch-size", "8", "--steps", "2", "--json");

            assertEquals(0, run.exitCode(), model + ": " + run.err());
            assertTrue(run.out().contains("\"losses\""), model + ": " + run.out());
        }
    }

    @Test
    void textReportPrintsEachStepAndBothFinalLosses() {
        CliRun run = JsbCli.run("train", "--model", "hmm", "--steps", "3", "--batch-size", "8");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("step\tloss / observation"), run.out());
        assertTrue(run.out().contains("    2\t"), run.out());
        assertTrue(run.out().contains("training loss = ") && run.out().contains("test loss = "), run.out());
    }

    @Test
    void threadsGiveTheLossesOfOneThread() {
        String[] args = {"train", "--model", "hmm", "--batch-size", "8", "--steps", "3", "--json", "--threads", "1"};
        JsonNode one = JsbCli.json(JsbCli.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length)));
        CliRun two = JsbCli.run("train", "--model", "hmm", "--batch-size", "8", "--steps", "3", "--json", "--threads", "2");

        assertEquals(0, two.exitCode(), two.err());
        assertEquals(one.get("losses"), JsbCli.json(two).get("losses"));
        assertEquals(one.get("final_params"), JsbCli.json(two).get("final_params"));
    }

    @Test
    void sparkWithoutItsModuleOnTheClassPathSaysWhatToAdd() {
        CliRun run = JsbCli.run("train", "--model", "hmm", "--steps", "1", "--spark", "local[2]");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no 'spark' cluster support on the class path"), run.err());
    }
    @Test
    void aRunStoppedAfterTwoStepsResumesFromItsCheckpointWithTheBitsOfAnUninterruptedRun(@TempDir Path dir) {
        Path checkpoint = dir.resolve("hmm.checkpoint.json");
        // Blocked evaluation throughout (--threads), so that the resumed run may take another thread count.
        JsonNode whole = JsbCli.json(JsbCli.run("train", "--model", "hmm", "--batch-size", "8", "--steps", "5",
                "--json", "--threads", "1"));
        CliRun stopped = JsbCli.run("train", "--model", "hmm", "--batch-size", "8", "--steps", "2", "--json",
                "--threads", "1", "--checkpoint", checkpoint.toString());
        assertEquals(0, stopped.exitCode(), stopped.err());
        CliRun resumed = JsbCli.run("train", "--model", "hmm", "--batch-size", "8", "--steps", "5", "--json",
                "--threads", "2", "--checkpoint", checkpoint.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());

        JsonNode rest = JsbCli.json(resumed);
        assertEquals(2, rest.get("first_step").intValue());
        for (int step = 0; step < 3; step++) {
            assertEquals(whole.get("losses").get(2 + step), rest.get("losses").get(step), "step " + (2 + step));
        }
        assertEquals(whole.get("final_params"), rest.get("final_params"));
        JsonNode firstTwo = JsbCli.json(stopped).get("losses");
        assertEquals(2, firstTwo.size());
        assertEquals(whole.get("losses").get(0), firstTwo.get(0));
        assertEquals(whole.get("losses").get(1), firstTwo.get(1));
    }
}
