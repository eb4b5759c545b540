package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrellisCliTest {

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("weather"), run.out());
        assertTrue(run.out().contains("hmm"), run.out());
        for (String command : new String[] {"eight-schools", "logistic-regression", "matrix-factorisation", "dmm-sine",
                "dmm-jsb", "hmm-gaussian", "nilm"}) {
            assertTrue(run.out().contains(command), run.out());
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun run = CliRun.of("forecast");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("forecast"), run.err());
    }
}
