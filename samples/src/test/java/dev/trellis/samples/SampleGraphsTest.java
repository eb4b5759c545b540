package dev.trellis.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.samples.dmm.DmmProgram;
import dev.trellis.samples.dmmjsb.JsbDmmProgram;
import dev.trellis.samples.factorisation.MatrixFactorisationProgram;
import dev.trellis.samples.gaussian.GaussianHmmInference;
import dev.trellis.samples.gmm.GmmInference;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import dev.trellis.samples.jsb.ArhmmInference;
import dev.trellis.samples.jsb.FhmmInference;
import dev.trellis.samples.jsb.Hmm2Inference;
import dev.trellis.samples.jsb.HmmInference;
import dev.trellis.samples.jsb.NnHmmInference;
import dev.trellis.samples.jsb.PfhmmInference;
import dev.trellis.samples.logistic.LogisticRegressionProgram;
import dev.trellis.samples.nilm.Nilm3Inference;
import dev.trellis.samples.nilm.Nilm4Inference;
import dev.trellis.samples.nilm.Nilm5Inference;
import dev.trellis.samples.schools.EightSchoolsNonCentredProgram;
import dev.trellis.samples.schools.EightSchoolsProgram;
import dev.trellis.samples.weather.RainSunInference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample model's picture, as its generated class returns it ({@code graphDot()}, the resource the processor
 * wrote at compile time), against its reviewed expectation in {@code src/test/resources/graphs/<Model>.dot}. Run
 * with {@code -Dtrellis.updateGraphs=true} to rewrite them after a deliberate change, then review the diff (and the
 * PNG: {@code dot -Tpng Model.dot -o Model.png}).
 */
class SampleGraphsTest {
    private static final Path GRAPHS = Path.of("src/test/resources/graphs");

    static Stream<Arguments> samples() {
        Map<String, Supplier<String>> graphs = new LinkedHashMap<>();
        graphs.put("RainSun", RainSunInference::graphDot);
        graphs.put("DiscreteHmm", DiscreteHmmInference::graphDot);
        graphs.put("GaussianHmm", GaussianHmmInference::graphDot);
        graphs.put("Gmm", GmmInference::graphDot);
        graphs.put("Hmm", HmmInference::graphDot);
        graphs.put("Arhmm", ArhmmInference::graphDot);
        graphs.put("Fhmm", FhmmInference::graphDot);
        graphs.put("Pfhmm", PfhmmInference::graphDot);
        graphs.put("NnHmm", NnHmmInference::graphDot);
        graphs.put("Hmm2", Hmm2Inference::graphDot);
        graphs.put("Nilm3", Nilm3Inference::graphDot);
        graphs.put("Nilm4", Nilm4Inference::graphDot);
        graphs.put("Nilm5", Nilm5Inference::graphDot);
        graphs.put("EightSchools", EightSchoolsProgram::graphDot);
        graphs.put("EightSchoolsNonCentred", EightSchoolsNonCentredProgram::graphDot);
        graphs.put("LogisticRegression", LogisticRegressionProgram::graphDot);
        graphs.put("MatrixFactorisation", MatrixFactorisationProgram::graphDot);
        graphs.put("Dmm", DmmProgram::graphDot);
        graphs.put("JsbDmm", JsbDmmProgram::graphDot);
        return graphs.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void the_models_picture_matches_its_reviewed_expectation(String model, Supplier<String> graph) throws IOException {
        String dot = graph.get();
        Path expected = GRAPHS.resolve(model + ".dot");
        if (Boolean.getBoolean("trellis.updateGraphs")) {
            Files.createDirectories(GRAPHS);
            Files.writeString(expected, dot, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "no expectation " + expected);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), dot);
    }
}
