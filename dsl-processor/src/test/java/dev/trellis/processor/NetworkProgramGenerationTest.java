package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Models and guides with networks, computed values, scales and continuous chains become SVI programs that compile
 * cleanly (every lint an error): the networks registered on every run, the computed value once, the chain's sites
 * step by step as z_1, z_2, ..., annealed by the model's factor in both programs, ragged sequences masked per step.
 */
class NetworkProgramGenerationTest {

    @Test
    void theSeedDmmShapeCompilesIntoAStepByStepPair() {
        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.chain(),
                NetworkPrograms.chainGuide());

        assertThat(compilation).succeededWithoutWarnings();
        var model = assertThat(compilation).generatedSourceFile("dmm.ChainProgram").contentsAsUtf8String();
        model.contains("public ChainProgram(Chain model, Tensor x)");
        model.contains("this.dmm = Objects.requireNonNull(model.dmm(), \"@Network method dmm() of Chain returned null\")");
        model.contains("Nets dmm = context.module(\"dmm\", this.dmm);");
        model.contains("for (int step = 1; step <= timeCount; step++)");
        model.contains("() -> model.z(zPrevious1, dmm)");
        model.contains("Tensor z = context.sample(\"z_\" + step, ProgramSupport.inPlates(\"z\", zDistribution), "
                + "SiteOptions.scaled(annealingScale));");
        model.contains("context.observe(\"x_\" + step, ProgramSupport.inPlates(\"x\", xDistribution), "
                + "xData.select(0, step - 1));");
        model.contains("public void setScale(String factor, double value)");
        var guide = assertThat(compilation).generatedSourceFile("dmm.ChainGuideProgram").contentsAsUtf8String();
        guide.contains("this.x = model.observed(\"x\");");
        guide.contains("double annealingScale = model.scale(\"annealing\");");
        guide.contains("Tensor rnnOut = ProgramSupport.computed(\"rnnOut\", () -> guide.rnnOut(xData, dmm), timeCount);");
        guide.contains("Tensor rnnOutStep = rnnOut.select(0, step - 1);");
        guide.contains("() -> guide.z(zPrevious1, rnnOutStep, dmm)");
    }

    @Test
    void raggedSequencesAreBoundWithoutPaddingAndMaskedPerStep() {
        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.ragged(),
                NetworkPrograms.raggedGuide());

        assertThat(compilation).succeededWithoutWarnings();
        var model = assertThat(compilation).generatedSourceFile("dmm.RaggedProgram").contentsAsUtf8String();
        model.contains("public RaggedProgram(Ragged model, List<Tensor> obs_x)");
        model.contains("this.obs_x = RaggedSequences.of(\"obs_x\", obs_x);");
        model.contains("this.timeLengths = RaggedSequences.commonLengths(\"time\", this.obs_x);");
        model.contains("RaggedSteps timeSteps = RaggedSteps.of(timeLengths, sequencesPlate);");
        model.contains("Tensor timeMask = timeSteps.mask(step - 1, -1);");
        model.contains("ActiveMembers timeActive = timeSteps.active(step - 1);");
        model.contains("Tensor zPrevious1Active = timeActive.rows(zPrevious1, 0);");
        model.contains("() -> model.z(zPrevious1Active, dmm)");
        model.contains("Tensor z = context.sample(\"z_\" + step, timeActive.inPlates(\"z\", \"time step \" + step, "
                + "zDistribution, zLag1, -1, sequencesPlate.subsampleSize()), new SiteOptions(annealingScale, timeMask), "
                + "sequencesPlate);");
        model.contains("Tensor zActive = timeActive.rows(z, 0);");
        model.contains("() -> model.x(zActive, dmm)");
        model.contains("context.observe(\"obs_x_\" + step, timeActive.inPlates(\"obs_x\", \"time step \" + step, "
                + "obs_xDistribution, null, -1, sequencesPlate.subsampleSize()), ");
        model.contains("new SiteOptions(annealingScale, timeMask), sequencesPlate);");
        model.contains("Tensor obs_xObserved = ProgramSupport.align(\"obs_x\", obs_xData.step(step - 1), -1);");
        model.contains("obs_xObserved, new SiteOptions(1.0, timeMask), sequencesPlate);");
        // replaying a guide, both sites are scored over all steps at once; a guide draws step by step
        model.contains("ChainSteps zStacked = ChainSteps.of(context, \"z\", rows -> model.z(rows[0], dmm));");
        model.contains("ChainSteps obs_xStacked = ChainSteps.of(context, \"obs_x\", rows -> model.x(rows[0], dmm));");
        model.contains("Distribution zDistribution = ChainSteps.evaluate(zStacked, step, timeActive, \"z\", "
                + "\"time step \" + step, () -> model.z(zPrevious1Active, dmm), zPrevious1Active);");
        model.contains("ChainSteps.value(zStacked, zDistribution, z);");
        model.contains("ChainSteps.value(obs_xStacked, obs_xDistribution, obs_xObserved);");
        var guide = assertThat(compilation).generatedSourceFile("dmm.RaggedGuideProgram").contentsAsUtf8String();
        guide.contains("this.timeLengths = model.lengths(\"time\");");
        guide.contains("this.obs_x = model.observedSequences(\"obs_x\");");
        guide.contains("() -> guide.rnnOut(obs_xData, dmm), sequencesPlate.subsampleSize(), timeCount);");
        guide.contains("Tensor rnnOutStep = ProgramSupport.align(\"rnnOut\", rnnOut.select(1, step - 1), -1);");
        guide.contains("Tensor rnnOutStepActive = timeActive.rows(rnnOutStep, 0);");
        guide.contains("() -> guide.z(zPrevious1Active, rnnOutStepActive, dmm)");
        guide.doesNotContain("ChainSteps");
    }

    @Test
    void aChainOfHistoryTwoWithAnInitialValueCarriesTwoEarlierSteps() {
        var model = NetworkPrograms.source("Second",
                "@Model public class Second {",
                "    @Sample @Markov(over = \"time\", history = 2)",
                "    Normal z(@Previous(initial = 0) Tensor a, @Previous(lag = 2) Tensor b) { return null; }",
                "    @Sample @Plate(\"time\") @Observed Normal x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.SecondProgram").contentsAsUtf8String();
        source.contains("() -> model.z((zPrevious1 != null ? zPrevious1 : Tensor.scalar(0)), zPrevious2)");
        source.contains("zLag2 = zLag1;");
        source.contains("zLag1 = z;");
    }

    @Test
    void anAmortisedGuideReadsItsModelsDataAtItsOwnMembers() {
        var model = NetworkPrograms.source("Vae",
                "@Model public class Vae {",
                "    @Network(name = \"decoder\") Nets decoder() { return null; }",
                "    @Sample @Plate(\"data\") Normal z() { return null; }",
                "    @Sample @Plate(\"data\") @Observed Normal x(Tensor z, Nets decoder) { return null; }",
                "}");
        var guide = NetworkPrograms.source("VaeGuide",
                "@Guide(Vae.class) public class VaeGuide {",
                "    @Network(name = \"encoder\") Nets encoder() { return null; }",
                "    @Sample @Plate(\"data\") Normal z(Tensor x, Nets encoder) { return null; }",
                "}");

        Compilation compilation = compile(NetworkPrograms.nets(), model, guide);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.VaeGuideProgram").contentsAsUtf8String();
        source.contains("this.x = model.observed(\"x\");");
        source.contains("Tensor x = ProgramSupport.align(\"x\", ProgramSupport.members(this.x, 0, dataPlate), -1);");
        source.contains("() -> guide.z(x, encoder)");
    }

    @Test
    void aGuideStepReadsItsStepOfTheData() {
        var guide = NetworkPrograms.guide("Filter", "Ragged",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor previous, @Site(\"obs_x\") Tensor notes) { return null; }");

        Compilation compilation = compile(NetworkPrograms.nets(), NetworkPrograms.ragged(), guide);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.FilterProgram").contentsAsUtf8String();
        source.contains("Tensor obs_x = ProgramSupport.align(\"obs_x\", obs_xData.step(step - 1), -1);");
        source.contains("Tensor obs_xActive = timeActive.rows(obs_x, 0);");
        source.contains("() -> guide.z(zPrevious1Active, obs_xActive)");
    }

    @Test
    void aNetworkInAnEnumeratedModelIsAGlobalInputAndItsTensorDataParentIsBatched() {
        var model = NetworkPrograms.source("NeuralHmm",
                "@Model public class NeuralHmm {",
                "    @Network(name = \"tones_generator\") Nets tones() { return null; }",
                "    @Sample(name = \"probs_x\") Distribution probsX() { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous, @Site(\"probs_x\") Tensor probsX) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Previous(initial = 0) Tensor previous, @Site(\"tones_generator\") Nets net) {",
                "        return null;",
                "    }",
                "}");

        Compilation compilation = compile(NetworkPrograms.nets(), model);

        assertThat(compilation).succeededWithoutWarnings();
        var inference = assertThat(compilation).generatedSourceFile("dmm.NeuralHmmInference").contentsAsUtf8String();
        inference.contains("globals probs_x (latent), tones_generator (network)");
        inference.contains("observe y (folded [tones], reads data y@1, batched over instances)");
        inference.contains("this.tones_generator = Objects.requireNonNull(model.tones(), \"@Network method tones() of "
                + "NeuralHmm returned null\");");
        inference.contains("this.tones_generatorValues = ProgramSupport.networkValues(globals, \"tones_generator\", "
                + "this.tones_generator);");
        inference.contains("static Elimination eliminate(NeuralHmm model, Tensor probs_x, Nets tones_generator, Data data,");
        inference.contains("Evidence yEvidenceRows = BatchedEvidence.of(data.y(), yEvidenceParents, "
                + "List.of(DataParent.of(\"previous\", data.y(), 1, 0.0)), (variant, values, blocks) -> "
                + "model.y(values[0], blocks[0], tones_generator));");
        inference.contains("yEvidenceRows.inputs();");
        inference.contains("tones_generator.setParameters(tones_generatorValues);");
        var program = assertThat(compilation).generatedSourceFile("dmm.NeuralHmmProgram").contentsAsUtf8String();
        program.contains("Nets tones_generator = context.module(\"tones_generator\", this.tones_generator);");
        program.contains("Query query = EliminationGradient.anyRequiresGrad(probs_x) || "
                + "EliminationGradient.anyNetworkRequiresGrad(tones_generator) ? Query.GRADIENT : Query.LIKELIHOOD;");
        program.contains("NeuralHmmInference.eliminate(model, probs_x, tones_generator, "
                + "data.subsample(sequencesPlate), query, null, gradient);");
    }

    @Test
    void theAutoregressiveBernoulliWithoutANetworkKeepsItsPerMemberTables() {
        var model = NetworkPrograms.source("Tones",
                "@Model public class Tones {",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate",
                "    Categorical x(@Previous(initial = 0) int previous) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
                "    Bernoulli y(int x, @Previous(initial = 0) Tensor previous) { return null; }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("dmm.TonesInference").contentsAsUtf8String()
                .contains("AutoregressiveBernoulliEvidence.of(data.y(), yEvidenceParents, 0.0,");
    }
}
