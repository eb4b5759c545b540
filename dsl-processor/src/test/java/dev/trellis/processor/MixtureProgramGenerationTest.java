package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An enumerated site per member of a data plate, without a chain (a mixture), plans like every enumerated model: it
 * compiles cleanly under {@code -Xlint:all -Werror} into an inference class and a program that draws the globals in
 * their own plates and adds the summed-out factor. What the generated code computes is checked against Pyro and brute
 * force in the samples module ({@code GmmGoldenTest}, {@code GmmBruteForceTest}) and in the corpus.
 */
class MixtureProgramGenerationTest {

    @Test
    void theTutorialsGmmCompilesCleanlyIntoAMixtureProgram() {
        Compilation compilation = compile(Mixtures.gmm());

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("mixtures.GmmProgram").contentsAsUtf8String();
        source.contains("public GmmProgram(Gmm model, double[] obs, int componentsSize)");
        source.contains("Plate componentsPlate = context.plate(\"components\", componentsSize, -1);");
        source.contains("public final class GmmProgram implements MemberProgram");
        source.contains("Plate dataPlate = context.plate(\"data\", memberEvaluation.memberCount(this), -1);");
        source.contains("Tensor locs = context.sample(\"locs\", ProgramSupport.inPlates(\"locs\", locsDistribution, "
                + "componentsPlate.subsampleSize()), componentsPlate);");
        source.contains("context.factor(\"obs\", memberEvaluation.logLikelihood(\"log p(obs)\", this, dataPlate, weights, "
                + "scale, locs));");
        source.contains("Elimination elimination = GmmInference.eliminate(model, globals[0], globals[1], globals[2], "
                + "data.members(members), query, null, gradient);");
        source.contains("public GmmInference inference(Map<String, Tensor> globals)");
        var inference = assertThat(compilation).generatedSourceFile("mixtures.GmmInference").contentsAsUtf8String();
        inference.contains("(variant, values) -> model.obs(values[0], locs, scale)");
        inference.contains("int assignmentSummed = elimination.contract(PLATE_DATA, ");
    }

    @Test
    void severalObservedSitesAddTheirLogLikelihoodsToOneJointTable() {
        JavaFileObject model = Mixtures.model("TwoViews", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Plate(\"data\") @Observed",
                "    Normal other(int assignment, Tensor locs) { return Normal.of(locs.select(0, assignment), Tensor.scalar(1.0)); }");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("mixtures.TwoViewsProgram").contentsAsUtf8String();
        source.contains("public TwoViewsProgram(TwoViews model, double[] obs, double[] other, int componentsSize)");
        source.contains("context.factor(\"obs,other\", memberEvaluation.logLikelihood(\"log p(obs,other)\", this, "
                + "dataPlate, weights, scale, locs));");
        assertThat(compilation).generatedSourceFile("mixtures.TwoViewsInference").contentsAsUtf8String()
                .contains("ObservedData.checkSameCounts(obsData, otherData, 1);");
    }

    @Test
    void anObservationOutsideTheDataPlateKeepsTheMembersTogether() {
        // 'anchor' is scored once per run, not per member: the log-likelihood is no sum over the data plate's members,
        // so the program eliminates every member at once instead of splitting them into blocks.
        JavaFileObject model = Mixtures.model("Anchored", Mixtures.GLOBALS, Mixtures.ASSIGNMENT, Mixtures.OBS,
                "    @Sample @Observed",
                "    Normal anchor(Tensor scale) { return Normal.of(Tensor.scalar(0.0), scale); }");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("mixtures.AnchoredProgram").contentsAsUtf8String();
        source.contains("public final class AnchoredProgram implements Program");
        source.doesNotContain("memberEvaluation");
        source.contains("gradient.logZ(elimination, \"log p(obs,anchor)\")");
    }

    @Test
    void theDumpOptionPrintsThePlan() {
        Compilation compilation = Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-A" + TrellisProcessor.DUMP_OPTION + "=true")
                .compile(Mixtures.gmm());

        assertThat(compilation).succeeded();
        assertThat(compilation).hadNoteContaining("elimination plan for Gmm");
        assertThat(compilation).hadNoteContaining("assignment at data, domain |assignment|");
    }
}
