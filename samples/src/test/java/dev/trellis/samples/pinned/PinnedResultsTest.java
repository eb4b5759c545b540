package dev.trellis.samples.pinned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recomputes every value in {@code src/test/resources/pinned/} with the current pipeline and compares: paths and
 * assignments exactly, every double to {@link #REL} relative. The files were written by
 * {@link PinnedResultsWriterTest} from the pipeline of before issue 9, so today this test finds them bit for bit;
 * its purpose is to hold the general compiler to what the shape-specific planners computed. Only
 * {@link TodaysPipeline} touches the inference API: when it changes, rewrite the adapters there, not these
 * comparisons.
 */
class PinnedResultsTest {
    /** Old and new pipelines sum in different orders: agreement to rounding, not to the bit. */
    static final double REL = 1e-12;

    private static final JsonNode RAIN_SUN = PinnedJson.load("rain_sun.json");
    private static final JsonNode DISCRETE_HMM = PinnedJson.load("discrete_hmm.json");
    private static final JsonNode JSB = PinnedJson.load("jsb_programs.json");
    private static final JsonNode GMM = PinnedJson.load("gmm.json");

    static Stream<Arguments> rainSunCases() {
        return indexed(RAIN_SUN.get("cases"));
    }

    static Stream<Arguments> discreteHmmModels() {
        return indexed(DISCRETE_HMM.get("models"));
    }

    static Stream<Arguments> jsbCases() {
        return indexed(JSB.get("cases"));
    }

    static Stream<Arguments> jsbHmmPySizeCases() {
        return indexed(JSB.get("hmmPySizes"));
    }

    static Stream<Arguments> gmmPoints() {
        return indexed(GMM.get("points"));
    }

    private static Stream<Arguments> indexed(JsonNode array) {
        return IntStream.range(0, array.size()).mapToObj(i -> Arguments.of(i, array.get(i)));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("rainSunCases")
    void rainSunGivesItsPinnedPosterior(int index, JsonNode pinned) {
        var comparison = new PinnedComparison(REL);
        int[] activity = PinnedJson.ints(pinned.get("activity"));
        compareChain("rain/sun", pinned, TodaysPipeline.rainSun(activity), true, comparison);
        comparison.assertNone("rain/sun case " + index);
    }

    @ParameterizedTest(name = "model {0}")
    @MethodSource("discreteHmmModels")
    void discreteHmmGivesItsPinnedPosteriors(int index, JsonNode pinned) {
        var tables = new PinnedInputs.HmmTables(PinnedJson.doubles(pinned.get("pi")), PinnedJson.matrix(pinned.get("A")),
                PinnedJson.matrix(pinned.get("B")));
        var comparison = new PinnedComparison(REL);
        JsonNode sequences = pinned.get("sequences");
        for (int i = 0; i < sequences.size(); i++) {
            JsonNode sequence = sequences.get(i);
            compareChain("sequence " + i, sequence,
                    TodaysPipeline.discreteHmm(tables, PinnedJson.ints(sequence.get("symbol"))), true, comparison);
        }
        comparison.assertNone("DiscreteHmm K=" + pinned.get("states") + " S=" + pinned.get("symbols"));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("jsbCases")
    void jsbProgramGivesItsPinnedLossGradientAndPosterior(int index, JsonNode pinned) {
        compareJsb(pinned, true);
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("jsbHmmPySizeCases")
    void jsbProgramAtHmmPySizesGivesItsPinnedLossAndPaths(int index, JsonNode pinned) {
        compareJsb(pinned, false);
    }

    private static void compareJsb(JsonNode pinned, boolean everything) {
        PinnedJsbModel model = PinnedJsbModel.of(pinned.get("model").asText());
        int hidden = pinned.get("hidden").intValue();
        int tones = JSB.get("tones").intValue();
        List<double[][]> sequences = JsbSequences.FIRST;
        String what = model.key() + " K=" + hidden + " seed " + pinned.get("seed");
        Map<String, Tensor> globals = PinnedInputs.jsbGlobals(pinned.get("seed").longValue(),
                model.globalShapes(hidden, tones));
        var comparison = new PinnedComparison(REL);
        JsonNode fingerprints = pinned.get("globalsFingerprint");
        comparison.names("globals", names(fingerprints), globals.keySet());
        // The inputs are redrawn, not stored: the drawn values must be the ones the pins were computed at.
        globals.forEach((name, value) -> assertEquals(PinnedJson.number(fingerprints.get(name)),
                PinnedInputs.fingerprint(value), what + ": the redrawn " + name + " differs from the pinned one"));

        PinnedAnswers.Score score = TodaysPipeline.score(TodaysPipeline.jsbProgram(model, hidden, tones, sequences),
                globals);
        compareScore(pinned, score, everything, comparison);
        JsonNode posterior = pinned.get("posterior");
        int[] queried = PinnedJson.ints(JSB.get("queried"));
        List<PinnedAnswers.Chain> answers = TodaysPipeline.jsbPosterior(model, hidden, tones, sequences, globals,
                queried);
        for (int i = 0; i < queried.length; i++) {
            assertEquals(queried[i], posterior.get(i).get("sequence").intValue());
            compareChain("sequence " + queried[i], posterior.get(i), answers.get(i), everything, comparison);
        }
        comparison.assertNone(what);
    }

    @ParameterizedTest(name = "point {0}")
    @MethodSource("gmmPoints")
    void gmmGivesItsPinnedLossGradientAndPosterior(int index, JsonNode pinned) {
        int components = GMM.get("components").intValue();
        double[] data = PinnedJson.doubles(GMM.get("data"));
        Map<String, Tensor> globals = new LinkedHashMap<>();
        pinned.get("globals").fields().forEachRemaining(f -> globals.put(f.getKey(), PinnedJson.tensor(f.getValue())));
        var comparison = new PinnedComparison(REL);

        compareScore(pinned, TodaysPipeline.score(TodaysPipeline.gmmProgram(components, data), globals), true,
                comparison);
        PinnedAnswers.Mixture posterior = TodaysPipeline.gmmPosterior(components, data, globals);
        comparison.number("logMarginal", PinnedJson.number(pinned.get("logMarginal")), posterior.logMarginal());
        comparison.exact("mapAssignment", PinnedJson.ints(pinned.get("mapAssignment")), posterior.mapAssignment());
        comparison.number("mapLogJoint", PinnedJson.number(pinned.get("mapLogJoint")), posterior.mapLogJoint());
        comparison.matrix("probabilities", PinnedJson.matrix(pinned.get("probabilities")), posterior.probabilities());
        comparison.assertNone("GMM point " + index);
    }

    /** The files hold every case they were written with: a truncated file would otherwise pass with fewer. */
    @Test
    void everyPinnedFileHoldsAllItsCases() {
        assertEquals(20, RAIN_SUN.get("cases").size());
        JsonNode models = DISCRETE_HMM.get("models");
        assertEquals(20, models.size());
        Set<String> shapes = new HashSet<>();
        int impossible = 0;
        for (JsonNode model : models) {
            shapes.add(model.get("states") + "x" + model.get("symbols"));
            assertEquals(3, model.get("sequences").size());
            for (JsonNode sequence : model.get("sequences")) {
                impossible += sequence.get("impossible").booleanValue() ? 1 : 0;
            }
        }
        assertEquals(20, shapes.size(), "one model per K in 1..4 and S in 1..5");
        assertTrue(impossible > 0 && impossible < 30, impossible + " impossible sequences");
        for (String group : List.of("cases", "hmmPySizes")) {
            Set<String> keys = new HashSet<>();
            JSB.get(group).forEach(c -> keys.add(c.get("model").asText() + "/" + c.get("seed")));
            assertEquals(10, keys.size(), group + ": two points of each of the five programs");
        }
        JSB.get("cases").forEach(c -> assertTrue(c.has("gradient")));
        JSB.get("hmmPySizes").forEach(c -> assertFalse(c.has("gradient")));
        assertEquals(2, GMM.get("points").size());
        assertEquals(30, GMM.get("data").size());
    }

    /** Loss and the loss without priors; the gradient of the loss with respect to every global when pinned. */
    private static void compareScore(JsonNode pinned, PinnedAnswers.Score score, boolean withGradient,
            PinnedComparison comparison) {
        comparison.number("loss", PinnedJson.number(pinned.get("loss")), score.loss());
        comparison.number("lossNoPrior", PinnedJson.number(pinned.get("lossNoPrior")), score.lossNoPrior());
        if (!withGradient) {
            return;
        }
        JsonNode gradient = pinned.get("gradient");
        comparison.names("gradient", names(gradient), score.gradient().keySet());
        score.gradient().forEach((name, actual) -> {
            if (gradient.has(name)) {
                comparison.tensor("gradient " + name, PinnedJson.tensor(gradient.get(name)), actual);
            }
        });
    }

    /** One sequence's likelihood, MAP path per site and its log joint, and (when pinned) marginals per site. */
    private static void compareChain(String what, JsonNode pinned, PinnedAnswers.Chain actual, boolean withMarginals,
            PinnedComparison comparison) {
        comparison.number(what + " logLikelihood", PinnedJson.number(pinned.get("logLikelihood")),
                actual.logLikelihood());
        comparison.exact(what + " impossible", pinned.get("impossible").booleanValue(), actual.impossible());
        if (pinned.get("impossible").booleanValue() || actual.impossible()) {
            return;
        }
        if (withMarginals) {
            JsonNode marginals = pinned.get("marginals");
            comparison.names(what + " marginals", names(marginals), actual.marginals().keySet());
            actual.marginals().forEach((site, values) -> {
                if (marginals.has(site)) {
                    comparison.matrix(what + " marginals " + site, PinnedJson.matrix(marginals.get(site)), values);
                }
            });
        }
        JsonNode viterbi = pinned.get("viterbi");
        comparison.names(what + " viterbi", names(viterbi), actual.viterbi().keySet());
        actual.viterbi().forEach((site, path) -> {
            if (viterbi.has(site)) {
                comparison.exact(what + " viterbi " + site, PinnedJson.ints(viterbi.get(site)), path);
            }
        });
        comparison.number(what + " viterbiLogJoint", PinnedJson.number(pinned.get("viterbiLogJoint")),
                actual.viterbiLogJoint());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The first sequences of the JSB train split, as many as the pins were computed on, loaded once. */
    private static final class JsbSequences {
        static final List<double[][]> FIRST = load();

        private static List<double[][]> load() {
            JsbSplit train = JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json")).train();
            assertEquals(JSB.get("tones").intValue(), train.numTones(), "tones of the JSB train split");
            List<double[][]> sequences = new ArrayList<>();
            for (int s = 0; s < JSB.get("sequences").intValue(); s++) {
                sequences.add(train.sequence(s));
            }
            return sequences;
        }
    }
}
