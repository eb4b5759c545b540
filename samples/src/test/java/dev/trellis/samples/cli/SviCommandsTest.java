package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.Golden;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The logistic-regression and matrix-factorisation commands: their JSON and their errors. */
class SviCommandsTest {

    private static String iris() {
        return Golden.sharedDir().resolve("data").resolve("iris.csv").toString();
    }

    @Test
    void logisticRegressionJsonLayout() throws IOException {
        CliRun run = CliRun.of("logistic-regression", "--data", iris(), "--steps", "500", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        assertEquals("[\"setosa\",\"versicolor\"]", out.get("species").toString());
        assertEquals("[\"sepal_length\",\"sepal_width\"]", out.get("features").toString());
        assertEquals(2, out.get("posterior_mean").get("w").size());
        assertTrue(out.get("posterior_mean").get("b").isNumber());
        assertEquals(2, out.get("posterior_sd").get("w").size());
        assertTrue(out.get("training_accuracy").asDouble() >= 0.98, out.toString());
        assertEquals(100, out.get("flowers").asInt());
        assertTrue(run.err().contains("500/500"), run.err());
    }

    @Test
    void logisticRegressionTakesOtherSpeciesAndFeatures() {
        CliRun run = CliRun.of("logistic-regression", "--data", iris(), "--steps", "300", "--species",
                "versicolor,virginica", "--features", "petal_length,petal_width");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("versicolor (label 0) vs virginica (label 1)"), run.out());
        assertTrue(run.out().contains("w[petal_width"), run.out());
    }

    @Test
    void logisticRegressionNamesAnUnknownSpeciesOrColumn() {
        CliRun species = CliRun.of("logistic-regression", "--data", iris(), "--species", "setosa,rosa");
        assertEquals(2, species.exitCode());
        assertTrue(species.err().contains("no flower of species 'rosa'"), species.err());

        CliRun column = CliRun.of("logistic-regression", "--data", iris(), "--features", "sepal_length,stem");
        assertEquals(2, column.exitCode());
        assertTrue(column.err().contains("no column 'stem'"), column.err());
    }

    @Test
    void matrixFactorisationJsonLayout() throws IOException {
        CliRun run = CliRun.of("matrix-factorisation", "--users", "30", "--items", "20", "--rank", "2",
                "--steps", "300", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        assertEquals(30, out.get("users").asInt());
        assertEquals(20, out.get("items").asInt());
        assertEquals(2, out.get("rank").asInt());
        assertEquals(0.5, out.get("sigma").asDouble());
        int heldOut = out.get("held_out_entries").asInt();
        assertTrue(heldOut > 0 && heldOut < 600, out.toString());
        for (String key : new String[] {"held_out_rmse", "training_rmse", "truth_held_out_rmse"}) {
            assertTrue(out.get(key).asDouble() > 0, key + " in " + out);
        }
    }

    @Test
    void matrixFactorisationRejectsABadSplit() {
        CliRun run = CliRun.of("matrix-factorisation", "--held-out", "1.5");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("held-out fraction"), run.err());
    }
}
