package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Enumerated chain models trained by SVI (hmm.py's family): the shapes the planner handles compile cleanly, and each
 * shape it does not handle yet is an error on the element that makes it.
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

    @Test
    void aFactorialPairAndASecondOrderChainCompileCleanly() {
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

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("music.FactorialProgram").contentsAsUtf8String()
                .contains("JointChains.dependentTransitions");
        assertThat(compilation).generatedSourceFile("music.SecondOrderProgram").contentsAsUtf8String()
                .contains("JointChains.secondOrderTransitions");
    }

    @Test
    void aChainWithoutAnInitialStateIsReportedOnItsParameter() {
        JavaFileObject source = model("NoStart",
                "@Model public class NoStart {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous Integer previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("has no @Previous(initial = ...)")
                .inFile(source).onLineContaining("@Previous Integer previous");
    }

    @Test
    void anObservationThatIsNotBernoulliIsReportedOnItsSite() {
        JavaFileObject source = model("Gaussian",
                "@Model public class Gaussian {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Normal y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("observed site 'y' is Normal")
                .inFile(source).onLineContaining("Normal y(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-090]");
    }

    @Test
    void threeChainsAreReportedOnTheModel() {
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
                "    Bernoulli y(int u, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("it has 3 chains and 1 observed sites")
                .inFile(source).onLineContaining("public class ThreeChains");
    }

    @Test
    void aFactorBeyondTheConfiguredLimitIsAnErrorNamingItsVariables() {
        JavaFileObject source = model("TooWide",
                "@Model public class TooWide {",
                GLOBALS,
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical w(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int w, int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new TrellisProcessor())
                .withOptions("-Atrellis.maxFactorVariables=3")
                .compile(source);

        assertThat(compilation).hadErrorContaining("builds a factor over 4 variables [w@t-1, x@t-1, w@t, x@t], "
                + "more than the limit of 3").inFile(source).onLineContaining("public class TooWide");
        assertThat(compilation).hadErrorContaining("[TRELLIS-050]");
    }

    @Test
    void aSiteNamedLikeAGeneratedLocalIsReported() {
        JavaFileObject source = model("Clash",
                "@Model public class Clash {",
                "    @Sample(name = \"states\") Distribution probsX() { return null; }",
                "    @Sample(name = \"probs_y\") Distribution probsY() { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"states\") Tensor p) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Site(\"probs_y\") Tensor p) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'states' is used by the generated inference API")
                .inFile(source).onLineContaining("Distribution probsX()");
    }
}
