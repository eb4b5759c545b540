package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Enumerated chain models trained by SVI (hmm.py's family and what a user writes next): the shapes the three old
 * recognisers refused — a chain without an initial state, Normal emissions, three chains — now plan and compile under
 * {@code -Xlint:all -Werror} into an inference class and a program; what is still refused is an error on its element.
 */
class ChainProgramDiagnosticsTest {

    private static JavaFileObject model(String name, String... body) {
        return JavaFileObjects.forSourceString("music." + name, String.join("\n",
                "package music;",
                "import dev.trellis.dsl.*;",
                "import dev.trellis.runtime.distributions.*;",
                "import dev.trellis.runtime.tensor.Tensor;",
                String.join("\n", body), ""));
    }

    private static final String GLOBALS = String.join("\n",
            "    @Sample(name = \"probs_x\") Distribution probsX() { return null; }",
            "    @Sample(name = \"probs_y\") Distribution probsY() { return null; }");

    private static void assertGenerated(Compilation compilation, String model, String... fragments) {
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("music." + model + "Program").contentsAsUtf8String()
                .contains(model + "Inference.eliminate(model");
        for (String fragment : fragments) {
            assertThat(compilation).generatedSourceFile("music." + model + "Inference").contentsAsUtf8String()
                    .contains(fragment);
        }
    }

    @Test
    void aFactorialPairScansBothChainsAndASecondOrderChainReadsTwoLags() {
        JavaFileObject factorial = model("Factorial",
                "@Model public class Factorial {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical w(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, int w, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int w, int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");
        JavaFileObject second = model("SecondOrder",
                "@Model public class SecondOrder {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\", history = 2) @Enumerate",
                "    Categorical x(@Previous(initial = 0) int a, @Previous(lag = 2, initial = 0) int b,",
                "                  @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(factorial, second);

        assertGenerated(compilation, "Factorial", "ScanKind.GENERIC", ".frontier(W, W_LAG1)", ".frontier(X, X_LAG1)",
                "BernoulliEvidence.of(");
        assertGenerated(compilation, "SecondOrder", ".frontier(X_LAG1, X_LAG2)", ".boundary(1, ");
    }

    @Test
    void aChainWithoutAnInitialStateStartsFromItsFirstStepTable() {
        JavaFileObject source = model("NoStart",
                "@Model public class NoStart {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous Integer previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        assertGenerated(compile(source), "NoStart", "parents -> model.x(null, probs_x)", "ScanKind.FIRST_ORDER");
    }

    @Test
    void gaussianEmissionsAreDenseEvidence() {
        JavaFileObject source = model("Gaussian",
                "@Model public class Gaussian {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Normal y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        assertGenerated(compile(source), "Gaussian", "DenseEvidence.of(data.y()");
    }

    @Test
    void threeChainsCompile() {
        JavaFileObject source = model("ThreeChains",
                "@Model public class ThreeChains {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical u(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical v(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical w(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int u, int v, int w, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        assertGenerated(compile(source), "ThreeChains", ".frontier(U, U_LAG1)", ".frontier(V, V_LAG1)",
                ".frontier(W, W_LAG1)");
    }

    @Test
    void aFactorBeyondTheConfiguredLimitIsAnErrorNamingItsVariables() {
        JavaFileObject source = model("TooWide",
                "@Model public class TooWide {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical w(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, int w, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int w, int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new TrellisProcessor())
                .withOptions("-Atrellis.maxFactorVariables=2")
                .compile(source);

        assertThat(compilation).hadErrorContaining("more than the limit of 2").inFile(source)
                .onLineContaining("public class TooWide");
        assertThat(compilation).hadErrorContaining("[TRELLIS-050]");
    }

    @Test
    void aSiteNamedLikeAGeneratedLocalIsReported() {
        JavaFileObject source = model("Clash",
                "@Model public class Clash {",
                "    @Sample(name = \"gradient\") Distribution probsX() { return null; }",
                "    @Sample(name = \"probs_y\") Distribution probsY() { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"gradient\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'gradient' is used by the generated inference API")
                .inFile(source).onLineContaining("Distribution probsX()");
    }
}
