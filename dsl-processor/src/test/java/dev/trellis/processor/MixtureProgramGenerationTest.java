package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An enumerated site per member of a data plate, without a chain, becomes a mixture program: it compiles cleanly under
 * {@code -Xlint:all -Werror}, draws the globals in their own plates, adds the summed-out factor and offers the
 * posterior query. What the generated code computes is checked against Pyro and brute force in the samples module
 * ({@code GmmGoldenTest}, {@code GmmBruteForceTest}).
 */
class MixtureProgramGenerationTest {

    @Test
    void theTutorialsGmmCompilesCleanlyIntoAMixtureProgram() {
        Compilation compilation = compile(Mixtures.gmm());

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("mixtures.GmmProgram").contentsAsUtf8String();
        source.contains("public GmmProgram(Gmm model, Tensor obs, int componentsSize)");
        source.contains("Plate componentsPlate = context.plate(\"components\", componentsSize, -1);");
        source.contains("Plate dataPlate = context.plate(\"data\", dataSize, -1);");
        source.contains("Tensor locs = context.sample(\"locs\", ProgramSupport.inPlates(\"locs\", locsDistribution, "
                + "componentsPlate.subsampleSize()), componentsPlate);");
        source.contains("context.factor(\"assignment\", MixtureTables.logMarginal(assignmentLogJoint), dataPlate);");
        source.contains("assignment -> model.obs(assignment, locs, scale)");
        source.contains("public MixturePosterior posterior(Map<String, Tensor> globals)");
    }

    @Test
    void severalObservedSitesAddTheirLogLikelihoodsToOneJointTable() {
        JavaFileObject model = Mixtures.model("TwoViews", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"data\") @Observed",
                "    Normal other(int assignment, Tensor locs) { return Normal.of(locs.select(0, assignment), Tensor.scalar(1.0)); }");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("mixtures.TwoViewsProgram").contentsAsUtf8String();
        source.contains("public TwoViewsProgram(TwoViews model, Tensor obs, Tensor other, int componentsSize)");
        source.contains("return assignmentLogPrior.unsqueeze(1).add(obsLogLikelihood).add(otherLogLikelihood);");
    }

    @Test
    void theDumpOptionPrintsThePlan() {
        Compilation compilation = Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-A" + TrellisProcessor.DUMP_OPTION + "=true")
                .compile(Mixtures.gmm());

        assertThat(compilation).succeeded();
        assertThat(compilation).hadNoteContaining("plan mixture assignment over data");
        assertThat(compilation).hadNoteContaining("components dim=-1");
    }
}
