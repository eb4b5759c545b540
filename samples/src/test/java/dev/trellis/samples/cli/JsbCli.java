package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.samples.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code jsb} subcommands on the shared chorales, with tables taken from the golden files. */
final class JsbCli {
    static final JsonNode HMM = Golden.load("jsb_hmm.json");
    static final JsonNode SVI = Golden.load("jsb_hmm_svi.json");

    private JsbCli() {}

    /** {@code trellis-samples jsb <subcommand> --data <shared chorales> <args>}. */
    static CliRun run(String subcommand, String... args) {
        List<String> all = new ArrayList<>(List.of("jsb", subcommand, "--data",
                Golden.sharedDir().resolve("data").resolve("jsb_chorales.json").toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Writes a golden object of tables as a {@code --params}/{@code --init} file. */
    static Path tables(Path dir, String name, JsonNode tables) {
        Path file = dir.resolve(name + ".json");
        try {
            new ObjectMapper().writeValue(file.toFile(), tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static JsonNode json(CliRun run) {
        try {
            return new ObjectMapper().readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + run.out() + "\nstderr: " + run.err(), e);
        }
    }
}
