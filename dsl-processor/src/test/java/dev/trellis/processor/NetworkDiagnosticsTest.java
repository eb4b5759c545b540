package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misused networks, computed values, scales and continuous chains: each is a compile error with its id, on the
 * element and line that make it, and no program is generated.
 */
class NetworkDiagnosticsTest {

    private static final String CHAIN = String.join("\n",
            "    @Sample @Markov(over = \"time\") Distribution z(@Previous Tensor previous) { return null; }",
            "    @Sample @Plate(\"time\") @Observed Distribution x(Tensor z) { return null; }");

    private static JavaFileObject model(String name, String... members) {
        return NetworkPrograms.source(name, "@Model public class " + name + " {", String.join("\n", members), CHAIN,
                "}");
    }

    @Test
    void aNetworkMethodWithParametersIsReportedOnIt() {
        JavaFileObject source = model("Args", "    @Network Nets dmm(int size) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), source);

        assertThat(compilation).hadErrorContaining("@Network method dmm must take no parameters; the generated "
                + "program calls it once for the network").inFile(source).onLineContaining("Nets dmm(int size)");
        assertThat(compilation).hadErrorContaining("[TRELLIS-060]");
    }

    @Test
    void aNetworkMethodReturningSomethingElseThanAModuleIsReported() {
        JavaFileObject source = model("NotAModule", "    @Network Tensor dmm() { return null; }");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Network method dmm must return a dev.trellis.runtime.nn.Module "
                + "(a layer or a network of the user's), not dev.trellis.runtime.tensor.Tensor")
                .inFile(source).onLineContaining("Tensor dmm()");
    }

    @Test
    void twoNetworksWithOneNameAreReportedOnTheSecond() {
        JavaFileObject source = model("Twice",
                "    @Network(name = \"dmm\") Nets first() { return null; }",
                "    @Network(name = \"dmm\") Nets second() { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), source);

        assertThat(compilation).hadErrorContaining("two @Network methods are named 'dmm' (first and this one); a "
                + "network's name is its key in the parameter store (dmm$$$...)")
                .inFile(source).onLineContaining("Nets second()");
        assertThat(compilation).hadErrorContaining("[TRELLIS-061]");
    }

    @Test
    void aSiteReadingAnUnknownNetworkIsReportedOnItsParameter() {
        JavaFileObject source = NetworkPrograms.source("Unknown",
                "@Model public class Unknown {",
                "    @Network(name = \"dmm\") Nets dmm() { return null; }",
                "    @Sample Distribution z(Nets dnn) { return null; }",
                "    @Sample @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(NetworkPrograms.nets(), source);

        assertThat(compilation).hadErrorContaining("parameter 'dnn' of type Nets reads network 'dnn', but the class "
                + "declares no @Network named 'dnn' (its networks: [dmm]); name the parameter after one of them")
                .inFile(source).onLineContaining("Nets dnn");
        assertThat(compilation).hadErrorContaining("[TRELLIS-062]");
    }

    @Test
    void aParameterOfAnotherTypeThanTheNetworksIsReported() {
        JavaFileObject source = NetworkPrograms.source("WrongType",
                "@Model public class WrongType {",
                "    @Network Nets dmm() { return null; }",
                "    @Sample @Observed Distribution x(Tensor dmm) { return null; }",
                "}");

        Compilation compilation = compile(NetworkPrograms.nets(), source);

        assertThat(compilation).hadErrorContaining("parameter 'dmm' is declared Tensor but must be Nets: it receives "
                + "network 'dmm', bound to the run").inFile(source).onLineContaining("Tensor dmm)");
    }

    @Test
    void aComputedMethodMustReturnATensor() {
        JavaFileObject source = model("Count", "    @Computed int count() { return 0; }");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Computed method count must return dev.trellis.runtime.tensor.Tensor, "
                + "not int").inFile(source).onLineContaining("int count()");
        assertThat(compilation).hadErrorContaining("[TRELLIS-063]");
    }

    @Test
    void aComputedValueReadsDataNotLatentSites() {
        JavaFileObject source = model("ReadsLatent", "    @Computed @Plate(\"time\") Tensor summary(Tensor z) { return null; }");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'z' of @Computed 'summary' reads latent site 'z'; a "
                + "computed value is evaluated once per run before any site is drawn").inFile(source)
                .onLineContaining("summary(Tensor z)");
        assertThat(compilation).hadErrorContaining("[TRELLIS-064]");
    }

    @Test
    void sequencesAreOnlyForRaggedData() {
        JavaFileObject guide = NetworkPrograms.guide("NotRagged", "Chain",
                "    @Computed @Plate(\"time\") Tensor rnnOut(Sequences x) { return null; }",
                "    @Sample @Markov(over = \"time\") Distribution z(Tensor rnnOut) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.chain(), guide);

        assertThat(compilation).hadErrorContaining("parameter 'x' is declared Sequences but must be Tensor: site 'x' "
                + "is not a ragged sequence").inFile(guide).onLineContaining("Sequences x");
    }

    @Test
    void aScaleBelongsToTheModelsSiteNotTheGuides() {
        JavaFileObject guide = NetworkPrograms.guide("ScaledGuide", "Chain",
                "    @Sample @Markov(over = \"time\") @Scale(\"annealing\")",
                "    Distribution z(@Previous Tensor previous) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.chain(), guide);

        assertThat(compilation).hadErrorContaining("guide site 'z' has @Scale; declare the factor on site 'z' of "
                + "model Chain instead").inFile(guide).onLineContaining("@Scale(\"annealing\")");
        assertThat(compilation).hadErrorContaining("[TRELLIS-065]");
    }

    @Test
    void aScaleWithoutAFactorNameIsReported() {
        JavaFileObject source = NetworkPrograms.source("Unnamed",
                "@Model public class Unnamed {",
                "    @Sample @Scale(\"\") Distribution z() { return null; }",
                "    @Sample @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Scale on site 'z' names no factor").inFile(source)
                .onLineContaining("@Scale(\"\")");
    }

    @Test
    void computedValuesAreNotYetForEnumeratedModels() {
        JavaFileObject source = NetworkPrograms.source("Enumerated",
                "@Model public class Enumerated {",
                "    @Network Nets dmm() { return null; }",
                "    @Computed Tensor summary(Nets dmm) { return null; }",
                "    @Sample @Markov(over = \"days\") @Enumerate Categorical w(@Previous Integer before) { return null; }",
                "    @Sample @Plate(\"days\") @Observed Categorical a(int w, Nets dmm) { return null; }",
                "}");

        Compilation compilation = compile(NetworkPrograms.nets(), source);

        assertThat(compilation).hadErrorContaining("@Computed on summary: computed values and scales are for "
                + "models without @Enumerate sites").inFile(source).onLineContaining("Tensor summary(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-067]");
        assertThat(compilation).hadErrorCount(1);   // the network is a global input of the elimination
    }

    @Test
    void everySiteOfAMarkovPlateListsTheSamePlatesAroundIt() {
        JavaFileObject source = NetworkPrograms.source("Nesting",
                "@Model public class Nesting {",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") Distribution z(@Previous Tensor p) { return null; }",
                "    @Sample @Plate(\"time\") @Observed Distribution x() { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'x' runs along Markov plate 'time' inside [], but 'z' runs "
                + "along it inside [sequences]").inFile(source).onLineContaining("Distribution x(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-068]");
    }

    @Test
    void aMarkovPlateInsideTwoPlatesIsNotYetSupported() {
        JavaFileObject source = NetworkPrograms.source("Deep",
                "@Model public class Deep {",
                "    @Sample @Plate({\"a\", \"b\"}) @Markov(over = \"time\") Distribution z(@Previous Tensor p) { return null; }",
                "    @Sample @Plate({\"a\", \"b\", \"time\"}) @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("Markov plate 'time' runs inside 2 plates [a, b]; ragged "
                + "sequences are supported inside one plate of sequences").inFile(source)
                .onLineContaining("Distribution z(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-069]");
    }

    @Test
    void aParamInAMarkovPlateIsReported() {
        JavaFileObject source = model("StepParam", "    @Param @Plate(\"time\") Tensor weights() { return null; }");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Param 'weights' is in plate 'time', but 'time' is a Markov "
                + "plate: its steps run one after another").inFile(source).onLineContaining("Tensor weights()");
        assertThat(compilation).hadErrorContaining("[TRELLIS-070]");
    }

    @Test
    void aGuideChainOverAPlateThatIsNoChainInTheModelIsReported() {
        JavaFileObject model = NetworkPrograms.source("Flat",
                "@Model public class Flat {",
                "    @Sample @Plate(\"time\") Distribution z() { return null; }",
                "    @Sample @Plate(\"time\") @Observed Distribution x(Tensor z) { return null; }",
                "}");
        JavaFileObject guide = NetworkPrograms.guide("ChainedGuide", "Flat",
                "    @Sample @Markov(over = \"time\") Distribution z(@Previous Tensor p) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), model, guide);

        assertThat(compilation).hadErrorContaining("guide site 'z' is a @Markov chain over 'time', but 'time' is "
                + "not a @Markov plate of model Flat").inFile(guide).onLineContaining("@Markov(over = \"time\")");
        assertThat(compilation).hadErrorContaining("[TRELLIS-071]");
    }

    @Test
    void aComputedValueInAPlateNoSiteUsesIsReported() {
        JavaFileObject source = model("Stray", "    @Computed @Plate(\"voices\") Tensor summary(Tensor x) { return null; }");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Computed 'summary' is in plate 'voices', which no site of the "
                + "model uses").inFile(source).onLineContaining("Tensor summary(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-072]");
    }

    @Test
    void aGuideReadingAnUnknownDataNameGetsASuggestion() {
        JavaFileObject guide = NetworkPrograms.guide("Typo", "Chain",
                "    @Computed @Plate(\"time\") Tensor rnnOut(Tensor xs) { return null; }",
                "    @Sample @Markov(over = \"time\") Distribution z(Tensor rnnOut) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.chain(), guide);

        assertThat(compilation).hadErrorContaining("parameter 'xs' depends on site 'xs', but the model has no such "
                + "@Sample method (did you mean 'x'?)").inFile(guide).onLineContaining("Tensor xs");
    }
}
