package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.Golden;
import dev.trellis.samples.schools.SeedGuideTraining;
import dev.trellis.samples.svi.SviFit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EightSchoolsCommandTest {

    @Test
    void jsonHasTheLayoutOfThePyroRunsAndTheTrainingsValues() throws IOException {
        CliRun run = CliRun.of("eight-schools", "--steps", "600", "--seed", "3", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());   // stdout is JSON only: the bar went to stderr
        JsonNode pyroRun = Golden.load("eight_schools.json").get("svi").get("runs").get(0);
        assertEquals(names(pyroRun.get("final_params")), names(out.get("final_params")));
        for (String name : names(pyroRun.get("final_params"))) {
            assertEquals(pyroRun.get("final_params").get(name).size(), out.get("final_params").get(name).size(), name);
        }
        // The same training run, outside the command: the report is its values, bit for bit.
        SviFit direct = SeedGuideTraining.run(600, 3, new TrainingListener() { });
        assertEquals(direct.meanOfLastLosses(500), out.get("mean_last_500_losses").asDouble(), 0.0);
        assertEquals(direct.params().get("tau_loc").item(),
                out.get("final_params").get("tau_loc").asDouble(), 0.0);
        assertEquals(3, out.get("seed").asInt());
        assertTrue(run.err().contains("600/600"), run.err());
    }

    @Test
    void textReportNamesEveryParameter() {
        CliRun run = CliRun.of("eight-schools", "--steps", "50");

        assertEquals(0, run.exitCode(), run.err());
        for (String name : List.of("mu0_loc", "mu0_scale", "tau_loc", "theta_loc", "theta_scale")) {
            assertTrue(run.out().contains(name), run.out());
        }
        assertTrue(run.out().contains("mean of the last 50 losses"), run.out());
    }

    @Test
    void plotIsAPngWithBothPanels(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("schools.png");
        CliRun run = CliRun.of("eight-schools", "--steps", "200", "--plot", png.toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        assertEquals(520, image.getHeight());
        new ObjectMapper().readTree(run.out());   // --json output stays clean with --plot
    }

    @Test
    void autoNormalJsonHasPosteriorMeansAndSdsOfMu0TauAndTheta() throws IOException {
        CliRun run = CliRun.of("eight-schools", "--guide", "auto-normal", "--steps", "300", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        for (String summary : List.of("posterior_mean", "posterior_sd")) {
            assertEquals(List.of("mu0", "tau", "theta"), names(out.get(summary)), summary);
            assertTrue(out.get(summary).get("mu0").isNumber(), summary);
            assertTrue(out.get(summary).get("tau").asDouble() > 0, summary);
            assertEquals(8, out.get(summary).get("theta").size(), summary);
        }
        assertTrue(run.err().contains("AutoNormal"), run.err());
    }

    @Test
    void unknownGuideAndNoStepsAreUsageErrors() {
        CliRun guide = CliRun.of("eight-schools", "--guide", "delta");
        assertEquals(2, guide.exitCode());
        assertTrue(guide.err().contains("--guide"), guide.err());

        CliRun steps = CliRun.of("eight-schools", "--steps", "0");
        assertEquals(2, steps.exitCode());
        assertTrue(steps.err().contains("--steps must be at least 1"), steps.err());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
