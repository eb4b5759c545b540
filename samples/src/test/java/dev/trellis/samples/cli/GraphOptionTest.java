package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.samples.jsb.ArhmmInference;
import dev.trellis.samples.weather.RainSunInference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --graph FILE}: every command takes it; .dot is written as is, .png through Graphviz's dot on the PATH. */
class GraphOptionTest {

    @Test
    void every_sample_command_takes_graph() {
        List<String> missing = new ArrayList<>();
        leaves(TrellisCli.commandLine(), missing);
        assertEquals(List.of(), missing, "commands without --graph");
    }

    private static void leaves(CommandLine command, List<String> missing) {
        var subcommands = command.getSubcommands().values().stream()
                .filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand)).toList();
        if (subcommands.isEmpty()) {
            if (command.getCommandSpec().findOption("--graph") == null) {
                missing.add(command.getCommandSpec().qualifiedName());
            }
            return;
        }
        subcommands.forEach(c -> leaves(c, missing));
    }

    @Test
    void a_dot_file_gets_the_models_picture_and_the_command_still_runs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weather.dot");

        CliRun run = CliRun.of("weather", "--days", "3", "--graph", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(RainSunInference.graphDot(), Files.readString(file, StandardCharsets.UTF_8));
        assertTrue(run.out().contains("log p(activities)"), run.out());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void the_graph_is_written_before_the_work_so_it_names_the_chosen_model(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("arhmm.dot");

        CliRun run = CliRun.of("jsb", "eval", "--model", "arhmm", "--data", dir.resolve("absent.json").toString(),
                "--params", dir.resolve("absent-params.json").toString(), "--graph", file.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(ArhmmInference.graphDot(), Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void another_extension_is_an_error_naming_the_two_it_takes(@TempDir Path dir) {
        CliRun run = CliRun.of("weather", "--days", "3", "--graph", dir.resolve("weather.jpg").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("the file must end in .dot (Graphviz text) or .png"), run.err());
    }

    @Test
    void a_png_without_graphviz_exits_2_saying_how_to_install_it(@TempDir Path dir) throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("bin"));
        Path file = dir.resolve("weather.png");

        Result result = runCli(emptyPath, "weather", "--days", "3", "--graph", file.toString());

        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains("cannot render " + file + ": Graphviz's 'dot' is not on the PATH; install "
                + "Graphviz (Debian/Ubuntu: apt-get install graphviz"), result.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void a_png_is_rendered_by_the_dot_on_the_path(@TempDir Path dir) throws Exception {
        // A stand-in for Graphviz (the PATH holds only this folder, hence /bin/cat): it checks that it is asked for
        // PNG, and answers a PNG signature followed by the DOT it read.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("dot");
        Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = \"-Tpng\" ] || { echo \"unexpected $*\" >&2; exit 3; }\n"
                + "printf '\\211PNG\\r\\n\\032\\n'\nexec /bin/cat\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("weather.png");

        Result result = runCli(bin, "weather", "--days", "3", "--graph", file.toString());

        assertEquals(0, result.status(), result.err());
        byte[] png = Files.readAllBytes(file);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, Arrays.copyOf(png, 8));
        assertEquals(RainSunInference.graphDot(), new String(png, 8, png.length - 8, StandardCharsets.UTF_8));
    }

    @Test
    void a_failing_dot_is_an_error_with_its_message_and_no_file(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("dot");
        Files.writeString(fake, "#!/bin/sh\n/bin/cat > /dev/null\necho 'syntax error in line 1' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("weather.png");

        Result result = runCli(bin, "weather", "--days", "3", "--graph", file.toString());

        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains("-Tpng exited with status 1: syntax error in line 1"), result.err());
        assertFalse(Files.exists(file));
    }

    private record Result(int status, String err) {}

    /** The CLI in a JVM of its own whose PATH is {@code path} alone, as a user's shell would start it. */
    private static Result runCli(Path path, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrellisCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", path.toString());
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
        return new Result(process.exitValue(), err);
    }
}
