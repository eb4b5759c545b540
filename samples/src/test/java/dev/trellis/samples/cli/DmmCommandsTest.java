package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.Golden;
import dev.trellis.samples.dmm.SineDmmFit;
import dev.trellis.samples.dmm.SineSeries;
import dev.trellis.samples.dmmjsb.JsbDmmTraining;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dmm-sine} and {@code dmm-jsb} commands on short runs: their JSON, their values, plots and errors. */
class DmmCommandsTest {

    @Test
    void dmmSineReportsTheTrainingAndThePosteriorOfTheSeries(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("dmm.png");
        CliRun run = CliRun.of("dmm-sine", "--steps", "150", "--length", "25", "--draws", "10", "--seed", "4",
                "--data-seed", "9", "--json", "--plot", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        assertEquals(150, out.get("losses").size());
        assertEquals(25, out.get("true_latent").size());
        assertEquals(25, out.get("posterior_mean_z").size());
        assertEquals(SineDmmFit.Z_DIM, out.get("posterior_mean_z").get(0).size());
        assertEquals(25, out.get("emitted_mean").size());
        for (int t = 0; t < 25; t++) {
            assertEquals(Math.sin(0.2 * t) + 0.05 * t, out.get("true_latent").get(t).asDouble(), 1e-15);
        }
        assertEquals(-out.get("mean_last_200_losses").asDouble(), out.get("elbo").asDouble(), 0.0);
        // The same run outside the command: the report is its values, bit for bit.
        SineSeries series = SineSeries.draw(25, Rng.seeded(9));
        SineDmmFit direct = SineDmmFit.train(series.observations(), 150, 1.0, 10, Rng.seeded(4), new TrainingListener() { });
        assertEquals(direct.meanOfLastLosses(200), out.get("mean_last_200_losses").asDouble(), 0.0);
        assertEquals(direct.posteriorMean().select(0, 7).select(0, 1).item(),
                out.get("posterior_mean_z").get(7).get(1).asDouble(), 0.0);
        assertEquals(series.observations().select(0, 3).item(), out.get("observations").get(3).asDouble(), 0.0);
        assertTrue(out.get("obs_scale").asDouble() > 0);
        assertTrue(run.err().contains("150/150"), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
    }

    @Test
    void dmmSineRejectsAnAnnealingFactorOutsideTheUnitInterval() {
        CliRun run = CliRun.of("dmm-sine", "--annealing", "0");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--annealing must be in (0, 1], got 0.0"), run.err());
    }

    @Test
    void dmmJsbTakesAFewStepsOfDmmPyAndReportsTheTestLikelihood() {
        CliRun run = CliRun.of("dmm-jsb", "--data", chorales(), "--steps", "2", "--eval-every", "0", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        assertEquals(2, out.get("steps").asInt());
        assertEquals(2, out.get("losses").size());
        assertEquals(1, out.get("epochs").asInt());
        assertEquals(13807, out.get("train_time_steps").asInt());
        // dmm.py's schedule: 0.2 + 0.8 (which + epoch * 12 + 1) / (1000 * 12)
        assertArrayEquals(new double[] {0.2 + 0.8 / 12000, 0.2 + 0.8 * 2 / 12000},
                new double[] {out.get("annealing").get(0).asDouble(), out.get("annealing").get(1).asDouble()}, 1e-15);
        // 88 notes near probability 1/2 cost about 88 ln 2 = 61 nats a step before training, plus the z terms
        double perStep = out.get("train_loss_per_time_step").get(0).asDouble();
        assertTrue(perStep > 50 && perStep < 100, "training loss per time step " + perStep);
        double test = out.get("test_nll_per_time_step").asDouble();
        assertTrue(test > 50 && test < 100, "test NLL per time step " + test);
        assertEquals(1, out.get("evaluations").size());
        assertTrue(run.err().contains("2/2"), run.err());
    }

    @Test
    void dmmJsbWithSinglePrecisionProductsTrainsAsDoubleDoesUpToFloat32AndPutsThePrecisionBack() {
        CliRun inDouble = CliRun.of("dmm-jsb", "--data", chorales(), "--steps", "2", "--eval-every", "0", "--json");
        CliRun inSingle = CliRun.of("dmm-jsb", "--data", chorales(), "--steps", "2", "--eval-every", "0", "--json",
                "--products", "SINGLE");

        // the same seed draws the same latents: the losses differ only by the products' float32 rounding (the widest
        // product sums dmm.py's 600 RNN units), then by one parameter update made with them
        SinglePrecisionRuns.assertLossesDifferOnlyByFloat32Products(inDouble, inSingle, 600);
    }

    @Test
    void dmmJsbRejectsAnUnknownPrecision() {
        CliRun run = CliRun.of("dmm-jsb", "--products", "half", "--steps", "1");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'half' is not a precision: give double or single"), run.err());
    }

    @Test
    void dmmJsbNamesAMissingDataFile() {
        CliRun run = CliRun.of("dmm-jsb", "--data", "no/such/chorales.json", "--steps", "1");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no/such/chorales.json: no such file"), run.err());
    }

    @Test
    void dmmPysAnnealingScheduleRisesToOneOverItsEpochs() {
        JsbDmmTraining.Settings settings = JsbDmmTraining.Settings.dmmPy();

        assertEquals(0.2 + 0.8 / 12000, settings.annealingFactor(0, 0, 12), 1e-15);
        assertEquals(1.0, settings.annealingFactor(999, 11, 12), 1e-15);
        assertEquals(1.0, settings.annealingFactor(1000, 0, 12), 0.0);
        assertEquals(60000, JsbDmmTraining.totalSteps(229, settings));
    }

    private static String chorales() {
        return Golden.sharedDir().resolve("data").resolve("jsb_chorales.json").toString();
    }
}
