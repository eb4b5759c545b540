package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.schools.EightSchoolsProgram;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.schools.AutoNormalFit;
import dev.trellis.samples.schools.EightSchools;
import dev.trellis.samples.schools.SeedGuideTraining;
import dev.trellis.samples.svi.SviFit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * SVI on the seed tutorial's eight schools: the centred model with the seed's hand-written guide, or the non-centred
 * model with an AutoNormal guide.
 */
@Command(
        name = "eight-schools",
        mixinStandardHelpOptions = true,
        description = "Fit the eight-schools model by SVI (Adam 0.03, Trace_ELBO) and print what the guide learned.")
final class EightSchoolsCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;


    static final String SEED = "seed";
    static final String AUTO_NORMAL = "auto-normal";

    /** The losses whose mean the report gives, as the golden file's mean_last_500_losses. */
    static final int LAST_LOSSES = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "" + SeedGuideTraining.STEPS,
            description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--guide", defaultValue = SEED, paramLabel = "seed|auto-normal",
            description = {"seed: the tutorial's mean-field guide on the centred model, with a HalfCauchy for tau;",
                    "auto-normal: an AutoNormal guide on the non-centred model (theta = mu0 + tau * eta).",
                    "Default: ${DEFAULT-VALUE}."})
    String guide;

    @Option(names = "--json", description = {"Print JSON. seed: {\"seed\", \"final_params\": {name: value or list}, "
            + "\"mean_last_500_losses\", \"median_last_500_losses\", \"first_loss\"};",
            "auto-normal: {\"seed\", \"posterior_mean\": {\"mu0\", \"tau\", \"theta\"}, \"posterior_sd\": {...}}."})
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write a PNG: the loss per step and each school's effect with its posterior sd.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable(plot, "--plot");
        graph.writeIfAsked(EightSchoolsProgram::graphDot);
        OptionChecks.atLeastOne("--steps", steps);
        if (!guide.equals(SEED) && !guide.equals(AUTO_NORMAL)) {
            throw new IllegalArgumentException("--guide must be " + SEED + " or " + AUTO_NORMAL + ", got '" + guide
                    + "'");
        }
        // The plot shows both guides side by side, so it needs both trained, whichever one the report is about.
        SviFit seedRun = guide.equals(SEED) || plot != null ? trainSeedGuide() : null;
        AutoNormalFit autoRun = guide.equals(AUTO_NORMAL) || plot != null ? trainAutoNormal() : null;
        Map<String, Tensor> seedParams = seedRun == null ? null : seedRun.params();
        var mapper = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode report = guide.equals(SEED)
                ? seedGuideReport(mapper, seed, seedParams, seedRun)
                : autoNormalReport(mapper, seed, autoRun);
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else if (guide.equals(SEED)) {
            printSeedGuide(out, seedParams, seedRun);
        } else {
            printAutoNormal(out, autoRun);
        }
        if (plot != null) {
            List<SchoolsPlot.GuideResult> guides = List.of(
                    new SchoolsPlot.GuideResult("seed guide (centred)", seedRun.losses(),
                            seedParams.get("theta_loc").toArray(), seedParams.get("theta_scale").toArray()),
                    new SchoolsPlot.GuideResult("AutoNormal (non-centred)", autoRun.losses(),
                            autoRun.theta().mean(), autoRun.theta().sd()));
            SchoolsPlot.write(plot, guides, EightSchools.Y.toArray(), EightSchools.SIGMA.toArray());
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private SviFit trainSeedGuide() {
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "eight schools, seed guide", steps)) {
            return SeedGuideTraining.run(steps, seed, progress);
        }
    }

    private AutoNormalFit trainAutoNormal() {
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "eight schools, AutoNormal", steps)) {
            return AutoNormalFit.fit(steps, seed, progress);
        }
    }

    private void printSeedGuide(PrintWriter out, Map<String, Tensor> params, SviFit result) {
        out.printf("Eight schools, seed guide: %d SVI steps (Adam, lr %s), seed %d%n%n", steps,
                SeedGuideTraining.LEARNING_RATE, seed);
        out.println("final guide parameters (constrained):");
        params.forEach((name, value) -> out.printf("  %-12s %s%n", name, format(value)));
        out.printf("%nmean of the last %d losses   = %.4f%n", Math.min(LAST_LOSSES, steps),
                result.meanOfLastLosses(LAST_LOSSES));
        out.printf("median of the last %d losses = %.4f%n", Math.min(LAST_LOSSES, steps),
                medianOfLast(result.losses(), LAST_LOSSES));
        out.println("(single-particle losses of this guide are heavy-tailed: its ELBO is -infinity in "
                + "expectation, see the golden file's CAVEAT)");
    }

    private void printAutoNormal(PrintWriter out, AutoNormalFit fit) {
        out.printf("Eight schools, non-centred model, AutoNormal guide: %d SVI steps (Adam, lr %s), seed %d%n",
                steps, SeedGuideTraining.LEARNING_RATE, seed);
        out.printf("posterior means and sds from %d guide draws:%n%n", AutoNormalFit.POSTERIOR_DRAWS);
        out.printf("  %-10s %9s %9s%n", "", "mean", "sd");
        out.printf("  %-10s %9.4f %9.4f%n", "mu0", fit.mu0().mean()[0], fit.mu0().sd()[0]);
        out.printf("  %-10s %9.4f %9.4f%n", "tau", fit.tau().mean()[0], fit.tau().sd()[0]);
        for (int school = 0; school < fit.theta().mean().length; school++) {
            out.printf("  %-10s %9.4f %9.4f%n", "theta[" + school + "]", fit.theta().mean()[school],
                    fit.theta().sd()[school]);
        }
        out.printf("%nmean of the last %d losses = %.4f%n", Math.min(LAST_LOSSES, steps),
                Arrays.stream(fit.losses(), Math.max(0, steps - LAST_LOSSES), steps).average().orElseThrow());
    }

    static ObjectNode autoNormalReport(ObjectMapper mapper, long seed, AutoNormalFit fit) {
        ObjectNode report = mapper.createObjectNode();
        report.put("seed", seed);
        ObjectNode mean = report.putObject("posterior_mean");
        ObjectNode sd = report.putObject("posterior_sd");
        mean.put("mu0", fit.mu0().mean()[0]);
        sd.put("mu0", fit.mu0().sd()[0]);
        mean.put("tau", fit.tau().mean()[0]);
        sd.put("tau", fit.tau().sd()[0]);
        Arrays.stream(fit.theta().mean()).forEach(mean.putArray("theta")::add);
        Arrays.stream(fit.theta().sd()).forEach(sd.putArray("theta")::add);
        return report;
    }

    static ObjectNode seedGuideReport(ObjectMapper mapper, long seed, Map<String, Tensor> params,
            SviFit result) {
        ObjectNode report = mapper.createObjectNode();
        report.put("seed", seed);
        report.set("final_params", TensorJson.object(mapper, params));
        report.put("mean_last_500_losses", result.meanOfLastLosses(LAST_LOSSES));
        report.put("median_last_500_losses", medianOfLast(result.losses(), LAST_LOSSES));
        report.put("first_loss", result.losses()[0]);
        return report;
    }

    static double medianOfLast(double[] losses, int count) {
        double[] last = Arrays.copyOfRange(losses, Math.max(0, losses.length - count), losses.length);
        Arrays.sort(last);
        int n = last.length;
        return n % 2 == 1 ? last[n / 2] : (last[n / 2 - 1] + last[n / 2]) / 2;
    }

    private static String format(Tensor value) {
        if (value.rank() == 0) {
            return String.format("%.6f", value.item());
        }
        var cells = new StringBuilder("[");
        for (double v : value.toArray()) {
            cells.append(cells.length() > 1 ? ", " : "").append(String.format("%.4f", v));
        }
        return cells.append(']').toString();
    }
}
