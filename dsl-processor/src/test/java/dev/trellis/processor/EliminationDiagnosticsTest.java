package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What general elimination refuses reaches the user as a compile error on the element that makes it (design note
 * §9): crossing plates, a chain nested in another plate's steps, continuous latent sites where a guide would have to
 * draw them per member, continuous chains, enumerated sites that read data, and a factor over more variables than the
 * limit. Each with its id, message and line; and no class is generated for a model with errors.
 */
class EliminationDiagnosticsTest {

    private static JavaFileObject model(String name, String... body) {
        return JavaFileObjects.forSourceString("shapes." + name, String.join("\n",
                "package shapes;",
                "import dev.trellis.dsl.*;",
                "import dev.trellis.runtime.distributions.*;",
                "import dev.trellis.runtime.tensor.Tensor;",
                String.join("\n", body), ""));
    }

    @Test
    void crossingPlatesAreAnErrorOnTheSiteThatNestsThemDifferently() {
        JavaFileObject source = model("Crossing",
                "@Model public class Crossing {",
                "    @Sample @Plate({\"users\", \"items\"}) @Enumerate Categorical z() { return null; }",
                "    @Sample @Plate(\"items\") @Observed",
                "    Normal rating() { return null; }",
                "}");

        Compilation compilation = Sources.compile(source);

        assertThat(compilation).hadErrorContaining("[TRELLIS-091]");
        assertThat(compilation).hadErrorContaining("crossing plates are not supported")
                .inFile(source).onLineContaining("Normal rating()");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aContinuousLatentSiteInAPlateOfEnumeratedSitesIsAnErrorOnIt() {
        JavaFileObject source = model("Local",
                "@Model public class Local {",
                "    @Sample @Plate(\"data\") @Enumerate Categorical z() { return null; }",
                "    @Sample @Plate(\"data\")",
                "    Normal noise() { return null; }",
                "    @Sample @Plate(\"data\") @Observed Normal obs(int z, Tensor noise) { return null; }",
                "}");

        Compilation compilation = Sources.compile(source);

        assertThat(compilation).hadErrorContaining("latent site 'noise' is neither @Enumerate nor @Observed")
                .inFile(source).onLineContaining("Normal noise()");
        assertThat(compilation).hadErrorContaining("[TRELLIS-093]");
    }

    @Test
    void aContinuousChainInAnEnumeratedModelIsAnErrorOnIt() {
        JavaFileObject source = model("Continuous",
                "@Model public class Continuous {",
                "    @Sample @Markov(over = \"time\") @Enumerate Categorical x(@Previous Integer before) { return null; }",
                "    @Sample @Markov(over = \"time\") Normal drift(@Previous Tensor before) { return null; }",
                "    @Sample @Plate(\"time\") @Observed Normal y(int x) { return null; }",
                "}");

        Compilation compilation = Sources.compile(source);

        assertThat(compilation).hadErrorContaining("site 'drift' is a @Markov chain but not @Enumerate")
                .inFile(source).onLineContaining("Normal drift(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-094]");
    }

    @Test
    void anEnumeratedSiteThatReadsDataIsAnErrorOnTheParameter() {
        JavaFileObject source = model("ReadsData",
                "@Model public class ReadsData {",
                "    @Sample @Plate(\"data\") @Observed Categorical first() { return null; }",
                "    @Sample @Plate(\"data\") @Enumerate",
                "    Categorical z(int first) { return null; }",
                "    @Sample @Plate(\"data\") @Observed Normal y(int z) { return null; }",
                "}");

        Compilation compilation = Sources.compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'first' of enumerated site 'z' reads observed site 'first'")
                .inFile(source).onLineContaining("Categorical z(int first)");
        assertThat(compilation).hadErrorContaining("[TRELLIS-096]");
    }

    @Test
    void aFactorOverTooManyVariablesNamesThemOnTheModel() {
        JavaFileObject source = model("Wide",
                "@Model public class Wide {",
                "    @Sample @Enumerate Categorical a() { return null; }",
                "    @Sample @Enumerate Categorical b() { return null; }",
                "    @Sample @Enumerate Categorical c() { return null; }",
                "    @Sample @Observed Categorical d(int a, int b, int c) { return null; }",
                "}");

        Compilation compilation = Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror", "-Atrellis.maxFactorVariables=2")
                .compile(source);

        assertThat(compilation).hadErrorContaining("[TRELLIS-050]");
        assertThat(compilation).hadErrorContaining("more than the limit of 2")
                .inFile(source).onLineContaining("public class Wide");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void theSameModelPlansUnderTheDefaultLimit() {
        JavaFileObject source = model("Wide",
                "@Model public class Wide {",
                "    @Sample @Enumerate Categorical a() { return null; }",
                "    @Sample @Enumerate Categorical b() { return null; }",
                "    @Sample @Enumerate Categorical c() { return null; }",
                "    @Sample @Observed Categorical d(int a, int b, int c) { return null; }",
                "}");

        Compilation compilation = Sources.compile(source);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("shapes.WideInference");
    }
}
