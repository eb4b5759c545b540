package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Mixture shapes the mixture planner cannot handle are compile errors on the element that makes them. */
class MixtureDiagnosticsTest {

    @Test
    void aSecondEnumeratedSiteIsReportedOnIt() {
        JavaFileObject model = Mixtures.model("TwoAssignments", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"data\") @Enumerate",
                "    Categorical second(Tensor weights) { return Categorical.of(weights); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("site 'second' is a second @Enumerate site besides 'assignment'")
                .inFile(model).onLineContaining("Categorical second(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-090]");
    }

    @Test
    void aGlobalEnumeratedSiteIsReportedOnIt() {
        JavaFileObject model = Mixtures.model("GlobalAssignment", Mixtures.GLOBALS,
                "    @Sample @Enumerate",
                "    Categorical assignment(Tensor weights) { return Categorical.of(weights); }",
                "    @Sample @Plate(\"data\") @Observed",
                "    Normal obs(int assignment, Tensor locs, Tensor scale) { return Normal.of(locs.select(0, assignment), scale); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("enumerated site 'assignment' is in plates []")
                .inFile(model).onLineContaining("Categorical assignment(");
    }

    @Test
    void anEnumeratedSiteReadingDataIsReportedOnTheParameter() {
        JavaFileObject model = Mixtures.model("ReadsData", Mixtures.GLOBALS,
                "    @Sample @Plate(\"data\") @Enumerate",
                "    Categorical assignment(Tensor weights, dev.trellis.runtime.svi.Plate data) { return Categorical.of(weights); }",
                Mixtures.OBS);

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("site 'assignment' reads 'data' (")
                .inFile(model).onLineContaining("Plate data)");
        assertThat(compilation).hadErrorContaining("a mixture's enumerated site reads only global sites");
    }

    @Test
    void aContinuousLatentSiteInTheDataPlateIsReportedOnIt() {
        JavaFileObject model = Mixtures.model("LocalLatent", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"data\")",
                "    Normal noise() { return Normal.of(0.0, 1.0); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("latent site 'noise' is in the data plate 'data' but not enumerated")
                .inFile(model).onLineContaining("Normal noise()");
    }

    @Test
    void anObservedSiteOutsideTheDataPlateIsReportedOnIt() {
        JavaFileObject model = Mixtures.model("ObservedElsewhere", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"batches\") @Observed",
                "    Normal total(Tensor scale) { return Normal.of(0.0, scale); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("observed site 'total' is in plates [batches]")
                .inFile(model).onLineContaining("Normal total(");
    }

    @Test
    void anObservedSiteReadingAnotherObservedSiteIsReportedOnTheParameter() {
        JavaFileObject model = Mixtures.model("ChainedObservations", Mixtures.GLOBALS, Mixtures.ASSIGNMENT,
                Mixtures.OBS,
                "    @Sample @Plate(\"data\") @Observed",
                "    Normal next(int assignment, Tensor obs) { return Normal.of(obs, Tensor.scalar(1.0)); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("site 'next' reads 'obs' (Tensor)")
                .inFile(model).onLineContaining("Tensor obs)");
    }

    @Test
    void aMixtureWithoutObservationsIsReportedOnTheEnumeratedSite() {
        JavaFileObject model = Mixtures.model("Unobserved", Mixtures.GLOBALS, Mixtures.ASSIGNMENT);

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("no site is @Observed")
                .inFile(model).onLineContaining("Categorical assignment(");
    }

    @Test
    void readingAPlateOfDataAcrossPlatesIsStillAnError() {
        // Only plates of parameters (no observed or enumerated site in them) can be read whole.
        JavaFileObject model = Mixtures.model("ReadsOtherData", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"batches\") @Observed",
                "    Normal total(Tensor scale) { return Normal.of(0.0, scale); }",
                "    @Sample @Plate(\"data\") @Observed",
                "    Normal uses(int assignment, Tensor total) { return Normal.of(total.sum(), Tensor.scalar(1.0)); }");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("[TRELLIS-021]");
        assertThat(compilation).hadErrorContaining("depends on 'total', which is replicated over plate 'batches'")
                .inFile(model).onLineContaining("Tensor total)");
    }
}
