package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class RainSunCompilationTest {

    @Test
    void rainSunModelCompilesCleanly() {
        Compilation compilation = Sources.compile(Sources.rainSun());

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("weather.RainSunInference");
    }

    @Test
    void generatedSourceCompilesUnderAllLintWarningsAsErrors() throws IOException {
        Compilation processed = Sources.compile(Sources.rainSun());
        JavaFileObject generated = JavaFileObjects.forSourceString("weather.RainSunInference",
                generatedSource(processed));
        JavaFileObject shapes = JavaFileObjects.forSourceString("weather.RainSunShapes", processed
                .generatedSourceFile("weather.RainSunShapes").orElseThrow().getCharContent(false).toString());

        Compilation compilation = Compiler.javac()
                .withOptions("-proc:none", "-Xlint:all", "-Werror")
                .compile(Sources.rainSun(), generated, shapes);

        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void generatedSourceIsByteIdenticalAcrossCompilations() throws IOException {
        String first = generatedSource(Sources.compile(Sources.rainSun()));
        String second = generatedSource(Sources.compile(Sources.rainSun()));

        assertEquals(first, second);
    }

    @Test
    void generatedSourceMatchesTheReviewedGoldenCopy() throws IOException {
        String generated = generatedSource(Sources.compile(Sources.rainSun()));

        // To update after an intended change: run with -Dtrellis.updateGenerated=true, then review the diff of
        // src/test/resources/generated/RainSunInference.java.txt.
        if (Boolean.getBoolean("trellis.updateGenerated")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/generated/RainSunInference.java.txt"),
                    generated, java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(resource("/generated/RainSunInference.java.txt"), generated);
    }

    @Test
    void dumpOptionPrintsTheModelIrTheFactorGraphAndThePlan() {
        Compilation compilation = Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-Atrellis.dump=true").compile(Sources.rainSun());

        assertThat(compilation).succeeded();
        assertThat(compilation).hadNoteContaining(
                "site weather latent enumerated ~ Categorical domain=finite plates=[days] markov(over=days, history=1)");
        assertThat(compilation).hadNoteContaining("plate days markov(history=1) sites=[weather, activity]");
        assertThat(compilation).hadNoteContaining("activity: evidence at days over [weather]");
        assertThat(compilation).hadNoteContaining(
                "daysScan = scan along days (first order) of weatherInitial, weatherTransition, activityEvidence");
    }

    private static String generatedSource(Compilation compilation) throws IOException {
        JavaFileObject file = compilation.generatedSourceFile("weather.RainSunInference").orElseThrow();
        return file.getCharContent(false).toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RainSunCompilationTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
