package dev.trellis.samples.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.samples.gmm.Gmm;
import dev.trellis.samples.gmm.GmmShapes;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.HmmShapes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes report the processor writes for every sample model and guide (the resource {@code <Model>.shapes.txt})
 * is a reviewed expectation in {@code src/test/resources/shapes}; run with {@code -Dtrellis.updateShapes=true} to
 * rewrite them after a deliberate change, then review the diff.
 */
class SampleShapesReportsTest {
    private static final Path EXPECTED = Path.of("src/test/resources/shapes");

    static Stream<String> models() {
        return Stream.of("dmmjsb.JsbDmm", "dmmjsb.JsbDmmGuide", "gaussian.GaussianHmm", "nilm.Nilm3", "nilm.Nilm4",
                "nilm.Nilm5", "logistic.MeanFieldGuide", "logistic.LogisticRegression", "jsb.NnHmm", "jsb.Arhmm",
                "jsb.Hmm2", "jsb.Hmm", "jsb.Fhmm", "jsb.Pfhmm", "weather.RainSun", "factorisation.MeanFieldFactorsGuide",
                "factorisation.MatrixFactorisation", "schools.EightSchools", "schools.SeedGuide",
                "schools.EightSchoolsNonCentred", "dmm.DmmGuide", "dmm.Dmm", "hmm.DiscreteHmm", "gmm.Gmm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void the_shapes_report_matches_its_reviewed_expectation(String model) throws IOException {
        String resource = "/dev/trellis/samples/" + model.replace('.', '/') + ".shapes.txt";
        String report;
        try (InputStream in = SampleShapesReportsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "the processor wrote no " + resource);
            report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path expected = EXPECTED.resolve(model + ".txt");
        if (Boolean.getBoolean("trellis.updateShapes")) {
            Files.createDirectories(EXPECTED);
            Files.writeString(expected, report, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "no expectation " + expected);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), report);
    }

    @Test
    void the_report_of_a_model_object_fills_in_the_sizes_it_reads() {
        String report = HmmShapes.report(new Hmm(16, 51), Map.of("sequences", 229));

        assertTrue(report.contains("\nstates     16          model.hidden\n"), report);
        assertTrue(report.contains("\ntones      51          model.tones; plate tones\n"), report);
        assertTrue(report.contains("\nsequences  229         plate sequences, from the data\n"), report);
        assertTrue(report.contains("\ntime       ?           plate time, from the data\n"), report);
        assertEquals(GmmShapes.REPORT.replaceFirst("components  \\?", "components  3"), GmmShapes.report(new Gmm(3)));
    }
}
