package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * A ragged chain's loop hands each site method only the rows of the sequences that have the step: every argument
 * batched along the plate of sequences (earlier steps, with or without an initial value; same-step sites; per-sequence
 * sites outside the chain; per-sequence parameters) is cut once per step with {@code ActiveMembers.rows}, along the
 * plate's axis among its dimensions, and the method's distribution is made whole by {@code ActiveMembers.inPlates},
 * a latent site's draw filled with its value one step earlier. A site that reads the plate itself keeps the
 * whole-plate call, decided at compile time.
 */
class ActiveRowsGenerationTest {

    private static final String MODEL = String.join("\n",
            "@Model public class Tracks {",
            "    @Param(name = \"offset\") @Plate(\"sequences\") Tensor offset() { return null; }",
            "    @Sample @Plate(\"sequences\") Normal w() { return null; }",
            "    @Sample @Plate(\"sequences\") @Markov(over = \"time\", history = 2)",
            "    Distribution z(@Previous(initial = 0) Tensor a, @Previous(lag = 2) Tensor b, Tensor w,",
            "            @Site(\"offset\") Tensor offset) { return null; }",
            "    @Sample @Plate({\"sequences\", \"time\"}) @Observed Distribution x(Tensor z, Tensor w) { return null; }",
            "}");

    @Test
    void everyArgumentBatchedAlongThePlateOfSequencesIsCutToTheActiveRows() {
        Compilation compilation = compile(NetworkPrograms.source("Tracks", MODEL));

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.TracksProgram").contentsAsUtf8String();
        source.contains("ActiveMembers timeActive = timeSteps.active(step - 1);");
        source.contains("Tensor zPrevious1Active = timeActive.rows(zPrevious1, 0);");
        source.contains("Tensor zPrevious2Active = timeActive.rows(zPrevious2, 0);");
        source.contains("Tensor wActive = timeActive.rows(w, 0);");
        source.contains("Tensor offsetActive = timeActive.rows(offset, 0);");
        source.contains("() -> model.z((zPrevious1Active != null ? zPrevious1Active : Tensor.scalar(0)), "
                + "zPrevious2Active, wActive, offsetActive)");
        source.contains("timeActive.inPlates(\"z\", \"time step \" + step, zDistribution, zLag1, -1, "
                + "sequencesPlate.subsampleSize())");
        source.contains("Tensor zActive = timeActive.rows(z, 0);");
        source.contains("() -> model.x(zActive, wActive)");   // w's rows cut once per step, read by both sites
        source.contains("timeActive.inPlates(\"x\", \"time step \" + step, xDistribution, null, -1, "
                + "sequencesPlate.subsampleSize())");
        // replaying a guide, each site runs once on every step's rows stacked, the arguments in the same order
        source.contains("ChainSteps zStacked = ChainSteps.of(context, \"z\", rows -> model.z(rows[0], rows[1], "
                + "rows[2], rows[3]));");
        source.contains("ChainSteps.evaluate(zStacked, step, timeActive, \"z\", \"time step \" + step, () -> model.z(");
        source.contains("zPrevious2Active, wActive, offsetActive), zPrevious1Active, zPrevious2Active, wActive, "
                + "offsetActive);");
        source.contains("ChainSteps xStacked = ChainSteps.of(context, \"x\", rows -> model.x(rows[0], rows[1]));");
        // outside the loop nothing changes: w is one draw over the whole plate
        source.contains("context.sample(\"w\", ProgramSupport.inPlates(\"w\", wDistribution, "
                + "sequencesPlate.subsampleSize()), sequencesPlate);");
    }

    @Test
    void aLatentSiteNoLaterStepReadsStillKeepsItsLastValueAsTheFiller() {
        var model = NetworkPrograms.source("Noisy",
                "@Model public class Noisy {",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor a) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\"}) Distribution u(Tensor z) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\"}) @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.NoisyProgram").contentsAsUtf8String();
        source.contains("Tensor uLag1 = null;");
        source.contains("Tensor u = context.sample(\"u_\" + step, timeActive.inPlates(\"u\", \"time step \" + step, "
                + "uDistribution, uLag1, -1, sequencesPlate.subsampleSize())");
        source.contains("uLag1 = u;");
    }

    @Test
    void aSiteThatReadsThePlateOfSequencesGetsTheWholePlate() {
        var model = NetworkPrograms.source("Sized",
                "@Model public class Sized {",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor a, dev.trellis.runtime.svi.Plate sequences) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\"}) @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.SizedProgram").contentsAsUtf8String();
        source.contains("() -> model.z(zPrevious1, sequencesPlate)");
        source.contains("context.sample(\"z_\" + step, ProgramSupport.inPlates(\"z\", zDistribution, "
                + "sequencesPlate.subsampleSize()), new SiteOptions(1.0, timeMask), sequencesPlate);");
        source.contains("() -> model.x(zActive)");   // x itself still runs on the active rows
        source.doesNotContain("zStacked");   // so only x is scored over all steps at once
        source.contains("ChainSteps xStacked = ChainSteps.of(context, \"x\", rows -> model.x(rows[0]));");
    }

    @Test
    void aValueOutsideEveryPlateGoesToTheStackedCallAsItIs() {
        var model = NetworkPrograms.source("Shared",
                "@Model public class Shared {",
                "    @Param(name = \"w\") Tensor w() { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor a, @Site(\"w\") Tensor w) { return null; }",
                "    @Sample @Plate({\"sequences\", \"time\"}) @Observed Distribution x(Tensor z) { return null; }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).succeededWithoutWarnings();
        var source = assertThat(compilation).generatedSourceFile("dmm.SharedProgram").contentsAsUtf8String();
        // a parameter outside every plate is the same at every step (and every site of the Markov plate sits in the
        // plate of sequences, TRELLIS-068): the stacked call passes it as it is
        source.contains("ChainSteps zStacked = ChainSteps.of(context, \"z\", rows -> model.z(rows[0], w));");
        source.contains("Distribution zDistribution = ChainSteps.evaluate(zStacked, step, timeActive, \"z\", "
                + "\"time step \" + step, () -> model.z(zPrevious1Active, w), zPrevious1Active);");
    }
}
