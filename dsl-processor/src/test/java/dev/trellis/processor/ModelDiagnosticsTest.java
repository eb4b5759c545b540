package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;
import static dev.trellis.processor.Sources.model;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each malformed model fails to compile with an error on the offending element and line. */
class ModelDiagnosticsTest {

    private static final String CHAIN = String.join("\n",
            "    @Sample @Markov(over = \"days\") @Enumerate",
            "    Categorical weather(@Previous Integer yesterday) { return null; }");

    @Test
    void misspelledDependencyIsReportedOnTheParameterWithASuggestion() {
        JavaFileObject source = model("Typo",
                "@Model public class Typo {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int wether) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'wether' depends on site 'wether'")
                .inFile(source).onLineContaining("int wether");
        assertThat(compilation).hadErrorContaining("did you mean 'weather'?");
        assertThat(compilation).hadErrorContaining("[TRELLIS-008]");
    }

    @Test
    void previousOutsideAnyChainIsReportedOnTheParameter() {
        JavaFileObject source = model("NoChain",
                "@Model public class NoChain {",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(@Previous Integer before) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("is not inside a @Markov plate")
                .inFile(source).onLineContaining("@Previous Integer before");
    }

    @Test
    void lagBeyondTheChainsHistoryIsReportedOnTheParameter() {
        JavaFileObject source = model("TooFarBack",
                "@Model public class TooFarBack {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical weather(@Previous Integer yesterday,",
                "                        @Previous(lag = 2) Integer twoDaysAgo) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("asks for lag 2, but the chain over 'days' keeps history 1")
                .inFile(source).onLineContaining("twoDaysAgo");
    }

    @Test
    void enumeratingAnObservedSiteIsReportedOnTheMethod() {
        JavaFileObject source = model("EnumeratedObservation",
                "@Model public class EnumeratedObservation {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed @Enumerate",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'activity' is both @Observed and @Enumerate")
                .inFile(source).onLineContaining("Categorical activity(");
    }

    @Test
    void enumeratingADistributionWithoutFiniteSupportIsReportedOnTheMethod() {
        JavaFileObject source = model("Continuous",
                "@Model public class Continuous {",
                "    static final class Gaussian implements dev.trellis.runtime.distributions.Distribution {}",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Gaussian level(@Previous Integer before) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'level' is @Enumerate but Gaussian has no finite support")
                .inFile(source).onLineContaining("Gaussian level(");
    }

    @Test
    void aMethodThatDoesNotReturnADistributionIsReportedOnTheMethod() {
        JavaFileObject source = model("NotADistribution",
                "@Model public class NotADistribution {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    double activity(int weather) { return 0.0; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("returns double, which is not a distribution")
                .inFile(source).onLineContaining("double activity(");
    }

    @Test
    void aCycleOfCurrentDependenciesIsReported() {
        JavaFileObject source = model("Cycle",
                "@Model public class Cycle {",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical first(int second) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical second(int first) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("in a cycle: first -> second -> first")
                .inFile(source).onLineContaining("Categorical first(");
    }

    @Test
    void aPreviousValueWithoutInitialMustBeNullable() {
        JavaFileObject source = model("PrimitivePrevious",
                "@Model public class PrimitivePrevious {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical weather(@Previous int yesterday) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'yesterday' is declared int but must be Integer (Kotlin: Int?)")
                .inFile(source).onLineContaining("@Previous int yesterday");
    }

    @Test
    void aPrivateSampleMethodIsReported() {
        JavaFileObject source = model("Hidden",
                "@Model public class Hidden {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    private Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Sample method activity must not be private")
                .inFile(source).onLineContaining("private Categorical activity(");
    }

    @Test
    void platesNestedInOppositeOrdersAreReported() {
        JavaFileObject source = model("Crossed",
                "@Model public class Crossed {",
                "    @Sample @Plate({\"rows\", \"columns\"}) @Observed",
                "    Categorical cell() { return null; }",
                "    @Sample @Plate({\"columns\", \"rows\"}) @Observed",
                "    Categorical mark() { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("nests plate 'rows' inside 'columns', but site 'cell' nests them the other way")
                .inFile(source).onLineContaining("Categorical mark(");
    }

    @Test
    void structureAnnotationsWithoutSampleAreReportedOnTheAnnotation() {
        JavaFileObject source = model("Forgotten",
                "@Model public class Forgotten {",
                CHAIN,
                "    @Plate(\"days\")",
                "    @Observed Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("method activity has @Plate but no @Sample")
                .inFile(source).onLineContaining("@Plate(\"days\")");
        assertThat(compilation).hadErrorContaining("method activity has @Observed but no @Sample")
                .inFile(source).onLineContaining("@Observed Categorical activity");
    }

    @Test
    void duplicateSiteNamesAreReported() {
        JavaFileObject source = model("Twice",
                "@Model public class Twice {",
                CHAIN,
                "    @Sample(name = \"weather\") @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'weather' is declared more than once")
                .inFile(source).onLineContaining("Categorical activity(");
    }

    @Test
    void modelOnAnInterfaceIsReportedOnTheType() {
        JavaFileObject source = model("NotAClass",
                "@Model public interface NotAClass {",
                "    @Sample Categorical weather();",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Model must be placed on a class")
                .inFile(source).onLineContaining("interface NotAClass");
    }

    @Test
    void aSecondChainThatNothingObservesStillPlansAndCompiles() {
        // The shape the first chain recogniser refused: a second chain beside the weather, read by no observation.
        JavaFileObject source = model("Factorial",
                "@Model public class Factorial {",
                CHAIN,
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical mood(@Previous Integer before) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.FactorialInference");
    }

    @Test
    void everyMistakeIsReportedNotJustTheFirst() {
        JavaFileObject source = model("ManyMistakes",
                "@Model public class ManyMistakes {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical weather(@Previous int yesterday) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int wether, String note) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("'yesterday'").inFile(source).onLineContaining("int yesterday");
        assertThat(compilation).hadErrorContaining("'wether'").inFile(source).onLineContaining("int wether");
        assertThat(compilation).hadErrorContaining("'note'").inFile(source).onLineContaining("String note");
    }
}
