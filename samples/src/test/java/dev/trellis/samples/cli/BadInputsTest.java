package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.samples.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user can get wrong on the command line, one row each: every one exits with status 2 and a message that names
 * the option, file, site, index or value at fault, on standard error, in one line (or picocli's usage error), with
 * no stack trace and no NaN anywhere. Files with a bad path or content are made in a temporary folder; an output path
 * in a missing folder fails before any training starts (nothing else is printed).
 */
class BadInputsTest {

    @TempDir
    static Path dir;

    private static String chorales() {
        return Golden.sharedDir().resolve("data").resolve("jsb_chorales.json").toString();
    }

    @BeforeAll
    static void files() throws IOException {
        write("malformed.json", "{\"weights\": [1,");
        write("empty.json", "");
        Files.createDirectories(dir.resolve("folder"));
        write("jsb_empty.json", "{\"train\": [[[60], [62]], []], \"test\": [[[60]]], \"valid\": []}");
        write("jsb_note.json", "{\"train\": [[[60], [200]]], \"test\": [[[60]]]}");
        write("jsb_train5.json", "{\"train\": 5, \"test\": []}");
        write("jsb_step.json", "{\"train\": [[[60], 61]], \"test\": []}");
        write("gmm_noscale.json", "{\"weights\": [0.5, 0.5], \"locs\": [0, 10]}");
        write("gmm_scalestr.json", "{\"weights\": [0.5, 0.5], \"scale\": \"big\", \"locs\": [0, 10]}");
        write("gmm_negscale.json", "{\"weights\": [0.5, 0.5], \"scale\": -1, \"locs\": [0, 10]}");
        write("gmm_weights.json", "{\"weights\": [0.7, 0.5], \"scale\": 1, \"locs\": [0, 10]}");
        write("gmm_k.json", "{\"weights\": [0.5, 0.5], \"scale\": 1, \"locs\": [0, 10, 3]}");
        write("gmm_huge.json", "{\"weights\": [0.5, 0.5], \"scale\": 1e308, \"locs\": [0, 10]}");
        write("gmm_ok.json", "{\"weights\": [0.5, 0.5], \"scale\": 1, \"locs\": [0, 10]}");
        write("gmm_dataobj.json", "{\"a\": 1}");
        write("gmm_dataempty.json", "[]");
        write("gmm_datastr.json", "[1, \"x\", 3]");
        write("hmm_obs.json", "{\"pi\": [0.6, 0.4], \"A\": [[0.7, 0.3], [0.4, 0.6]], \"B\": [[0.1, 0.4, 0.5], "
                + "[0.6, 0.3, 0.1]], \"cases\": [{\"obs\": [0, 5]}]}");
        write("hmm_noA.json", "{\"pi\": [0.6, 0.4], \"B\": [[0.1, 0.4, 0.5], [0.6, 0.3, 0.1]], \"cases\": []}");
        write("jsb_params_bad.json", "{\"probs_x\": [[1]], \"nope\": [1]}");
        write("iris_bad.csv", "sepal_length,sepal_width,species\n5.1,abc,setosa\n");
    }

    private static void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String missingFolder(String name) {
        return dir.resolve("no-such-folder").resolve(name).toString();
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> rows = new ArrayList<>();
        // files that cannot be read, or are not JSON: the message names the file and the problem
        rows.add(row("malformed.json is not valid JSON: Unexpected end-of-input", "gmm", "eval", "--params",
                file("malformed.json")));
        rows.add(row("empty.json is empty", "gmm", "eval", "--params", file("empty.json")));
        rows.add(row("folder is a folder, not a file", "gmm", "eval", "--params", file("folder")));
        rows.add(row("missing.json: no such file", "gmm", "eval", "--params", file("missing.json")));
        rows.add(row("malformed.json is not valid JSON", "gmm", "fit", "--init", file("malformed.json")));
        rows.add(row("malformed.json is not valid JSON", "gmm", "fit", "--data", file("malformed.json")));
        rows.add(row("malformed.json is not valid JSON", "hmm", "--params", file("malformed.json")));
        rows.add(row("malformed.json is not valid JSON", "jsb", "train", "--model", "hmm", "--data",
                file("malformed.json")));
        rows.add(row("malformed.json is not valid JSON", "jsb", "eval", "--model", "hmm", "--data", chorales(),
                "--params", file("malformed.json")));
        rows.add(row("folder is a folder, not a file", "jsb", "train", "--model", "hmm", "--data", file("folder")));
        rows.add(row("missing.json: no such file", "jsb", "decode", "--model", "hmm", "--data", chorales(),
                "--params", file("missing.json"), "--sequence", "0"));
        rows.add(row("missing.csv: no such file", "logistic-regression", "--data", file("missing.csv")));
        rows.add(row("iris_bad.csv line 2, column 'sepal_width'", "logistic-regression", "--data",
                file("iris_bad.csv")));
        // malformed content: the file and the field, index or value
        rows.add(row("gmm_noscale.json: \"scale\" is missing", "gmm", "eval", "--params", file("gmm_noscale.json")));
        rows.add(row("scale = \"big\" is not a number", "gmm", "eval", "--params", file("gmm_scalestr.json")));
        rows.add(row("parameter scale = -1.0 is outside positive", "gmm", "eval", "--params",
                file("gmm_negscale.json")));
        rows.add(row("site 'assignment': probs sum to 1.2", "gmm", "eval", "--params", file("gmm_weights.json")));
        rows.add(row("weights and locs must be vectors of the same length K", "gmm", "eval", "--params",
                file("gmm_k.json")));
        rows.add(row("gmm_dataobj.json: expected a non-empty JSON array of numbers", "gmm", "eval", "--data",
                file("gmm_dataobj.json"), "--params", file("gmm_ok.json")));
        rows.add(row("gmm_dataempty.json: expected a non-empty JSON array", "gmm", "eval", "--data",
                file("gmm_dataempty.json"), "--params", file("gmm_ok.json")));
        rows.add(row("data[1] = \"x\" is not a number", "gmm", "eval", "--data", file("gmm_datastr.json"),
                "--params", file("gmm_ok.json")));
        rows.add(row("site 'symbol' at time[1]: observed value 5 is outside the support 0..2", "hmm", "--params",
                file("hmm_obs.json")));
        rows.add(row("hmm_noA.json: \"A\" is missing", "hmm", "--params", file("hmm_noA.json")));
        rows.add(row("jsb_empty.json: split 'train', sequence 1 is empty", "jsb", "train", "--model", "hmm",
                "--data", file("jsb_empty.json")));
        rows.add(row("jsb_empty.json: split 'train', chorale 1 has no steps", "dmm-jsb", "--data",
                file("jsb_empty.json")));
        rows.add(row("split 'train', sequence 0, step 1: MIDI number 200 is not a piano key", "jsb", "train",
                "--model", "hmm", "--data", file("jsb_note.json")));
        rows.add(row("jsb_train5.json: split 'train' must be an array of chorales, got 5", "jsb", "train", "--model",
                "hmm", "--data", file("jsb_train5.json")));
        rows.add(row("split 'train', sequence 0, step 1 is 61, not an array of MIDI numbers", "jsb", "train",
                "--model", "hmm", "--data", file("jsb_step.json")));
        rows.add(row("jsb_params_bad.json: hmm has no parameter 'nope'", "jsb", "train", "--model", "hmm", "--data",
                chorales(), "--init", file("jsb_params_bad.json")));
        // values beyond what double precision can evaluate: an error, never NaN with exit code 0
        rows.add(row("the gradient with respect to scale is not a number (NaN) at weights = [0.5, 0.5], scale = "
                + "1.0E308", "gmm", "eval", "--params", file("gmm_huge.json")));
        rows.add(row("scale = 1.0E308", "gmm", "eval", "--params", file("gmm_huge.json"), "--json"));
        // an output path in a missing folder (or a folder): refused before anything runs
        rows.add(row("--save " + missingFolder("t.json") + ": the folder", "jsb", "train", "--model", "hmm", "--data",
                chorales(), "--save", missingFolder("t.json")));
        rows.add(row("--plot " + missingFolder("loss.png") + ": the folder", "jsb", "train", "--model", "hmm",
                "--data", chorales(), "--plot", missingFolder("loss.png")));
        rows.add(row("--plot " + file("folder") + " is a folder", "jsb", "train", "--model", "hmm", "--data",
                chorales(), "--plot", file("folder")));
        rows.add(row("--plot " + missingFolder("roll.png"), "jsb", "decode", "--model", "hmm", "--data", chorales(),
                "--params", file("jsb_params_bad.json"), "--sequence", "0", "--plot", missingFolder("roll.png")));
        rows.add(row("--plot " + missingFolder("s.png") + ": the folder", "eight-schools", "--plot",
                missingFolder("s.png")));
        rows.add(row("--plot " + missingFolder("d.png"), "dmm-sine", "--plot", missingFolder("d.png")));
        rows.add(row("--plot " + missingFolder("j.png"), "dmm-jsb", "--data", chorales(), "--plot",
                missingFolder("j.png")));
        rows.add(row("--plot " + missingFolder("g.png"), "hmm-gaussian", "--plot", missingFolder("g.png")));
        rows.add(row("--plot " + missingFolder("n.png"), "nilm", "--plot", missingFolder("n.png")));
        // options out of range: the option and the value
        rows.add(row("--betas takes two numbers B1,B2, got [0.9]", "gmm", "fit", "--betas", "0.9"));
        rows.add(row("beta1 must be in [0, 1), got 1.5", "gmm", "fit", "--betas", "1.5,0.9"));
        rows.add(row("lr must be positive and finite, got -1.0", "gmm", "fit", "--lr", "-1"));
        rows.add(row("--steps must not be negative, got -1", "gmm", "fit", "--steps", "-1"));
        rows.add(row("Invalid value for option '--steps': 'abc' is not an int", "gmm", "fit", "--steps", "abc"));
        rows.add(row("--components must be between 1 and the number of data points (5), got 0", "gmm", "fit",
                "--components", "0"));
        rows.add(row("--components 3 but --init " + file("gmm_ok.json") + " has 2 weights", "gmm", "fit",
                "--components", "3", "--init", file("gmm_ok.json")));
        rows.add(row("Invalid value for option '--model'", "jsb", "train", "--model", "nope"));
        rows.add(row("--lr must be a positive number, got -1.0", "jsb", "train", "--model", "hmm", "--data",
                chorales(), "--lr", "-1"));
        rows.add(row("the batch size must be at least 1, got 0", "jsb", "train", "--model", "hmm", "--data",
                chorales(), "--batch-size", "0"));
        rows.add(row("no split 'bogus' in the JSB chorales", "jsb", "eval", "--model", "hmm", "--data", chorales(),
                "--params", file("jsb_params_bad.json"), "--split", "bogus"));
        rows.add(row("--guide must be seed or auto-normal, got 'foo'", "eight-schools", "--guide", "foo"));
        rows.add(row("--steps must be at least 1, got 0", "eight-schools", "--steps", "0"));
        rows.add(row("--annealing must be in (0, 1], got 0.0", "dmm-sine", "--annealing", "0"));
        rows.add(row("--states must be between 2 and 36, got 1", "hmm-gaussian", "--states", "1"));
        rows.add(row("--lr must be a positive number, got NaN", "hmm-gaussian", "--lr", "NaN"));
        rows.add(row("--appliances must be between 3 and 5", "nilm", "--appliances", "9"));
        rows.add(row("has no flower of species 'rosa'", "logistic-regression", "--species", "setosa,rosa"));
        rows.add(row("no column 'stem'", "logistic-regression", "--features", "sepal_length,stem"));
        rows.add(row("a held-out fraction in (0, 1)", "matrix-factorisation", "--held-out", "1.5"));
        rows.add(row("--days must be at least 1, got -3", "weather", "--days", "-3"));
        rows.add(row("--log-level must be one of [off, error, warn, info, debug, trace], got 'loud'", "--log-level",
                "loud", "weather"));
        return rows.stream();
    }

    private static Arguments row(String expected, String... args) {
        return Arguments.of(String.join(" ", args).replace(dir.toString(), "<tmp>"), expected, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void exitsWithStatus2AndAMessageNamingTheCulprit(String shown, String expected, String[] args) {
        CliRun run = CliRun.of(args);

        assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err());
        assertTrue(run.err().contains(expected), "stderr should contain \"" + expected + "\":\n" + run.err());
        assertFalse(run.err().contains("Exception") && !run.err().contains("IllegalArgumentException: unknown JSB"),
                "no exception name on stderr:\n" + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace:\n" + run.err());
        assertFalse(run.out().contains("NaN") || run.err().replace("got NaN", "").contains("NaN "),
                "no NaN printed:\n" + run.out() + run.err());
        assertFalse(run.err().contains("\r"), "refused before a progress bar was drawn:\n" + run.err());
        if (run.err().startsWith("error: ")) {
            assertEquals(1, run.err().strip().lines().count(), "one line:\n" + run.err());
        }
    }

    @org.junit.jupiter.api.Test
    void theTableHasAtLeastFortyRows() {
        assertTrue(badInputs().count() >= 40);
    }
}
