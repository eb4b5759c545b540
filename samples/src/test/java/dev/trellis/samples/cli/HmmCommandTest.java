package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmmCommandTest {

    @Test
    void jsonOutputForTheGoldenFileMatchesPyro() throws IOException {
        CliRun run = CliRun.of("hmm", "--params", Golden.file("rain_sun.json").toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = new ObjectMapper().readTree(run.out());
        JsonNode golden = Golden.load("rain_sun.json").get("cases");
        assertEquals(golden.size(), out.get("cases").size());
        for (int i = 0; i < golden.size(); i++) {
            JsonNode expected = golden.get(i);
            JsonNode actual = out.get("cases").get(i);
            String name = expected.get("name").asText();
            assertEquals(name, actual.get("name").asText());
            assertRelative(expected.get("log_prob").doubleValue(), actual.get("log_prob").doubleValue(), 1e-9, name);
            assertArrayEquals(Golden.ints(expected.get("viterbi")), Golden.ints(actual.get("viterbi")), name);
            assertRelative(expected.get("viterbi_log_joint").doubleValue(), actual.get("viterbi_log_joint").doubleValue(), 1e-9, name);
            assertRelative(Golden.matrix(expected.get("marginals")), Golden.matrix(actual.get("marginals")), 1e-9, name);
        }
    }

    @Test
    void readsAnyNumberOfStatesAndSymbols(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("three.json");
        Files.writeString(file, """
                {"pi": [0.5, 0.25, 0.25],
                 "A": [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]],
                 "B": [[0.9, 0.05, 0.05, 0.0], [0.05, 0.9, 0.05, 0.0], [0.0, 0.05, 0.05, 0.9]],
                 "cases": [{"obs": [0, 0, 1, 3, 3]}, {"obs": [2]}]}
                """);

        CliRun run = CliRun.of("hmm", "--params", file.toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode cases = new ObjectMapper().readTree(run.out()).get("cases");
        assertEquals(2, cases.size());
        assertArrayEquals(new int[] {0, 0, 1, 2, 2}, Golden.ints(cases.get(0).get("viterbi")));
        assertEquals(3, cases.get(0).get("marginals").get(0).size());
        assertTrue(CliRun.of("hmm", "--params", file.toString()).out().contains("viterbi_log_joint"));
    }

    @Test
    void impossibleCaseReportsMinusInfinityAndNoPosterior(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("impossible.json");
        Files.writeString(file, """
                {"pi": [1.0, 0.0], "A": [[1.0, 0.0], [0.0, 1.0]], "B": [[1.0, 0.0], [0.0, 1.0]],
                 "cases": [{"obs": [0, 1]}]}
                """);

        CliRun run = CliRun.of("hmm", "--params", file.toString(), "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode c = new ObjectMapper().readTree(run.out()).get("cases").get(0);
        assertEquals("-Infinity", c.get("log_prob").asText());
        assertTrue(c.get("viterbi").isNull());
        assertTrue(c.get("error").asText().contains("probability zero"), c.toString());
    }

    @Test
    void badParametersAreAnErrorMessageNotAStackTrace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"pi": [0.5, 0.5], "A": [[0.5, 0.5], [0.5, 0.5]], "B": [[0.5, 0.5], [0.5, 0.5]],
                 "cases": [{"obs": [0, 4]}]}
                """);

        CliRun run = CliRun.of("hmm", "--params", file.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("site 'symbol' at time[1]: observed value 4"), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }
}
