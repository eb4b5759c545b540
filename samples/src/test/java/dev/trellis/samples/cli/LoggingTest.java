package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The command line binds the runtime's SLF4J logging (slf4j-simple, on standard error): silent at the default level,
 * the trainer's messages with {@code --log-level info}. Each run is its own process, since slf4j-simple reads its
 * level once.
 */
class LoggingTest {

    @Test
    void infoShowsTheTrainersStartAndEndOnStandardError() throws Exception {
        Run run = run("--log-level", "info", "gmm", "fit", "--steps", "3", "--json");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("INFO Trainer - training from step 0 to step 3"), run.err());
        assertTrue(run.err().contains("INFO Trainer - trained 3 steps"), run.err());
        assertFalse(run.out().contains("Trainer"), "the report on standard output stays JSON");
    }

    @Test
    void theDefaultLevelPrintsNothingOfTheRuntimeAndNoSlf4jWarning() throws Exception {
        Run run = run("gmm", "fit", "--steps", "3", "--json");

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("Trainer"), run.err());
        assertFalse(run.err().contains("SLF4J"), "a provider is bound:\n" + run.err());
    }

    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), TrellisCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}
