package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherCommandTest {

    @Test
    void printsOneRowPerDayAndTheLogLikelihood() {
        CliRun run = CliRun.of("weather", "--days", "9", "--seed", "4");

        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.matches("\\s+\\d+\\s+(Rainy|Sunny)\\s+(walk|shop|clean)\\s+(Rainy|Sunny)\\s+[01]\\.\\d{4}")).toList();
        assertEquals(9, rows.size(), run.out());
        assertTrue(run.out().contains("log p(activities) = -"), run.out());
    }

    @Test
    void sameSeedGivesTheSameReportAndAnotherSeedAnotherOne() {
        String first = CliRun.of("weather", "--days", "20", "--seed", "11").out();

        assertEquals(first, CliRun.of("weather", "--days", "20", "--seed", "11").out());
        assertTrue(!first.equals(CliRun.of("weather", "--days", "20", "--seed", "12").out()));
    }

    @Test
    void zeroDaysIsAnErrorNotAnEmptyTable() {
        CliRun run = CliRun.of("weather", "--days", "0");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--days must be at least 1"), run.err());
    }
}
