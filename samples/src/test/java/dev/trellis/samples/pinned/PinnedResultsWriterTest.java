package dev.trellis.samples.pinned;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the pinned files under {@code src/test/resources/pinned/} from today's pipeline ({@link TodaysPipeline}).
 * Disabled unless asked for, since the files are what later pipelines are checked against:
 *
 * <pre>
 * mvn -B -ntp -pl samples -am test -Dtest=PinnedResultsWriterTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtrellis.pin.write=true
 * </pre>
 *
 * <p>The inputs (seeds, sizes, which sequences) are chosen here and recorded in the files, so that
 * {@link PinnedResultsTest} needs nothing from this class.
 */
class PinnedResultsWriterTest {
    private static final long RAIN_SUN_SEED = 20270101L;
    private static final int RAIN_SUN_SEQUENCES = 20;
    private static final long HMM_SEED = 20270102L;
    private static final int HMM_SEQUENCES_PER_MODEL = 3;
    private static final int MAX_LENGTH = 12;
    private static final int JSB_SEQUENCES = 12;
    private static final int[] JSB_QUERIED = {0, 5, 11};
    private static final long[] JSB_POINT_SEEDS = {20270201L, 20270202L};
    private static final long GMM_SEED = 20270301L;
    private static final int GMM_COMPONENTS = 3;
    private static final int GMM_POINTS = 30;

    @Test
    @EnabledIfSystemProperty(named = "trellis.pin.write", matches = "true")
    void writesThePinnedFiles() throws IOException {
        Path directory = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", PinnedJson.DIRECTORY);
        Files.createDirectories(directory);
        write(directory, "rain_sun.json", PinnedResultsWriterTest::rainSun);
        write(directory, "discrete_hmm.json", PinnedResultsWriterTest::discreteHmm);
        write(directory, "jsb_programs.json", PinnedResultsWriterTest::jsbPrograms);
        write(directory, "gmm.json", PinnedResultsWriterTest::gmm);
    }

    /** Computes a file's contents twice, checks that both give the same text, and writes it. */
    private static void write(Path directory, String name, Supplier<Map<String, Object>> contents) throws IOException {
        String text = PinnedJson.write(contents.get());
        assertEquals(text, PinnedJson.write(contents.get()), name + ": a second computation differs");
        Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> rainSun() {
        Random random = new Random(RAIN_SUN_SEED);
        List<Object> cases = new ArrayList<>();
        for (int i = 0; i < RAIN_SUN_SEQUENCES; i++) {
            int[] activity = PinnedInputs.symbols(random, 3, MAX_LENGTH);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("activity", activity);
            c.putAll(chain(TodaysPipeline.rainSun(activity), true));
            cases.add(c);
        }
        Map<String, Object> file = header("The rain/sun sample (RainSun, fixed tables) on random activity sequences"
                + " (java.util.Random seed " + RAIN_SUN_SEED + ").");
        file.put("cases", cases);
        return file;
    }

    /** One parameterisation per (K, S) in 1..4 x 1..5, each with three sequences. */
    private static Map<String, Object> discreteHmm() {
        Random random = new Random(HMM_SEED);
        List<Object> models = new ArrayList<>();
        for (int states = 1; states <= 4; states++) {
            for (int symbols = 1; symbols <= 5; symbols++) {
                PinnedInputs.HmmTables tables = PinnedInputs.hmmTables(random, states, symbols);
                List<Object> sequences = new ArrayList<>();
                for (int i = 0; i < HMM_SEQUENCES_PER_MODEL; i++) {
                    int[] symbol = PinnedInputs.symbols(random, symbols, MAX_LENGTH);
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("symbol", symbol);
                    c.putAll(chain(TodaysPipeline.discreteHmm(tables, symbol), true));
                    sequences.add(c);
                }
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("states", states);
                model.put("symbols", symbols);
                model.put("pi", tables.pi());
                model.put("A", tables.a());
                model.put("B", tables.b());
                model.put("sequences", sequences);
                models.add(model);
            }
        }
        Map<String, Object> file = header("DiscreteHmm at random tables (about one entry in six exactly 0), one per "
                + "number of states 1..4 and symbols 1..5, three random sequences each (java.util.Random seed "
                + HMM_SEED + ").");
        file.put("models", models);
        return file;
    }

    private static Map<String, Object> jsbPrograms() {
        JsbSplit train = JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json")).train();
        List<double[][]> sequences = new ArrayList<>();
        for (int s = 0; s < JSB_SEQUENCES; s++) {
            sequences.add(train.sequence(s));
        }
        int tones = train.numTones();
        List<Object> full = new ArrayList<>();
        List<Object> hmmPySizes = new ArrayList<>();
        for (PinnedJsbModel model : PinnedJsbModel.values()) {
            for (long seed : JSB_POINT_SEEDS) {
                full.add(jsbCase(model, model.smallHidden(), seed, tones, sequences, true));
                hmmPySizes.add(jsbCase(model, model.hmmPyHidden(), seed, tones, sequences, false));
            }
        }
        Map<String, Object> file = header("The five hmm.py programs on the first " + JSB_SEQUENCES + " sequences of the"
                + " JSB train split (" + tones + " tones), at globals drawn by PinnedInputs.jsbGlobals(seed, shapes)."
                + " 'cases': small hidden sizes, everything pinned. 'hmmPySizes': hmm.py's sizes, losses and MAP"
                + " paths only (their gradients and marginals would make the file megabytes).");
        file.put("sequences", JSB_SEQUENCES);
        file.put("tones", tones);
        file.put("queried", JSB_QUERIED);
        file.put("cases", full);
        file.put("hmmPySizes", hmmPySizes);
        return file;
    }

    private static Map<String, Object> jsbCase(PinnedJsbModel model, int hidden, long seed, int tones,
            List<double[][]> sequences, boolean everything) {
        Map<String, Tensor> globals = PinnedInputs.jsbGlobals(seed, model.globalShapes(hidden, tones));
        Map<String, Object> fingerprints = new LinkedHashMap<>();
        globals.forEach((name, value) -> fingerprints.put(name, PinnedInputs.fingerprint(value)));
        PinnedAnswers.Score score = TodaysPipeline.score(TodaysPipeline.jsbProgram(model, hidden, tones, sequences),
                globals);
        List<Object> posterior = new ArrayList<>();
        List<PinnedAnswers.Chain> answers = TodaysPipeline.jsbPosterior(model, hidden, tones, sequences, globals,
                JSB_QUERIED);
        for (int i = 0; i < JSB_QUERIED.length; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("sequence", JSB_QUERIED[i]);
            c.putAll(chain(answers.get(i), everything));
            posterior.add(c);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", model.key());
        c.put("hidden", hidden);
        c.put("seed", seed);
        c.put("globalsFingerprint", fingerprints);
        c.put("loss", score.loss());
        c.put("lossNoPrior", score.lossNoPrior());
        if (everything) {
            c.put("gradient", new LinkedHashMap<String, Object>(score.gradient()));
        }
        c.put("posterior", posterior);
        return c;
    }

    private static Map<String, Object> gmm() {
        Random random = new Random(GMM_SEED);
        double[] data = PinnedInputs.gmmData(random, GMM_POINTS);
        List<Object> points = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Map<String, Tensor> globals = PinnedInputs.gmmGlobals(random, GMM_COMPONENTS);
            PinnedAnswers.Score score = TodaysPipeline.score(TodaysPipeline.gmmProgram(GMM_COMPONENTS, data), globals);
            PinnedAnswers.Mixture posterior = TodaysPipeline.gmmPosterior(GMM_COMPONENTS, data, globals);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("globals", new LinkedHashMap<String, Object>(globals));
            point.put("loss", score.loss());
            point.put("lossNoPrior", score.lossNoPrior());
            point.put("gradient", new LinkedHashMap<String, Object>(score.gradient()));
            point.put("logMarginal", posterior.logMarginal());
            point.put("mapAssignment", posterior.mapAssignment());
            point.put("mapLogJoint", posterior.mapLogJoint());
            point.put("probabilities", posterior.probabilities());
            points.add(point);
        }
        Map<String, Object> file = header("The GMM program (Gmm, " + GMM_COMPONENTS + " components) on " + GMM_POINTS
                + " points from a mixture at -4, 1, 7 with scale 1.5, at two random values of its globals"
                + " (java.util.Random seed " + GMM_SEED + ").");
        file.put("components", GMM_COMPONENTS);
        file.put("data", data);
        file.put("points", points);
        return file;
    }

    private static Map<String, Object> header(String about) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("about", about + " Written by PinnedResultsWriterTest from the pipeline of before issue 9; checked"
                + " by PinnedResultsTest. Doubles are exact (Double.toString); non-finite ones are strings.");
        return file;
    }

    /** A chain answer's fields; marginals only when {@code withMarginals}. */
    private static Map<String, Object> chain(PinnedAnswers.Chain answer, boolean withMarginals) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("logLikelihood", answer.logLikelihood());
        fields.put("impossible", answer.impossible());
        if (answer.impossible()) {
            return fields;
        }
        if (withMarginals) {
            fields.put("marginals", new LinkedHashMap<String, Object>(answer.marginals()));
        }
        fields.put("viterbi", new LinkedHashMap<String, Object>(answer.viterbi()));
        fields.put("viterbiLogJoint", answer.viterbiLogJoint());
        return fields;
    }
}
