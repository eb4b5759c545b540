package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.schools.EightSchools;
import dev.trellis.samples.schools.SeedGuideTraining;
import dev.trellis.samples.svi.ConstrainedParams;
import dev.trellis.samples.svi.Training;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** SVI on the seed tutorial's eight schools, with the seed's hand-written guide. */
@Command(
        name = "eight-schools",
        mixinStandardHelpOptions = true,
        description = "Fit the eight-schools model by SVI (Adam 0.03, Trace_ELBO) and print the learned guide.")
final class EightSchoolsCommand implements Callable<Integer> {

    /** The losses whose mean the report gives, as the golden file's mean_last_500_losses. */
    static final int LAST_LOSSES = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "" + SeedGuideTraining.STEPS,
            description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--guide", defaultValue = "seed", paramLabel = "seed",
            description = "The guide: seed, the tutorial's mean-field guide with a HalfCauchy for tau "
                    + "(default: ${DEFAULT-VALUE}).")
    String guide;

    @Option(names = "--json", description = "Print JSON: {\"seed\", \"final_params\": {name: value or list}, "
            + "\"mean_last_500_losses\", \"median_last_500_losses\", \"first_loss\"}.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write a PNG: the loss per step and each school's effect with its posterior sd.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (!guide.equals("seed")) {
            throw new IllegalArgumentException("--guide must be seed, got '" + guide + "'");
        }
        Training.Result result;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "eight schools, seed guide", steps)) {
            result = SeedGuideTraining.run(steps, seed, progress);
        }
        Map<String, Tensor> params = ConstrainedParams.of(result.store());
        var mapper = new ObjectMapper();
        ObjectNode report = seedGuideReport(mapper, seed, params, result);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
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
        if (plot != null) {
            List<SchoolsPlot.GuideResult> guides = new ArrayList<>();
            guides.add(new SchoolsPlot.GuideResult("seed guide", result.losses(),
                    params.get("theta_loc").toArray(), params.get("theta_scale").toArray()));
            SchoolsPlot.write(plot, guides, EightSchools.Y.toArray(), EightSchools.SIGMA.toArray());
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    static ObjectNode seedGuideReport(ObjectMapper mapper, long seed, Map<String, Tensor> params,
            Training.Result result) {
        ObjectNode report = mapper.createObjectNode();
        report.put("seed", seed);
        ObjectNode finals = report.putObject("final_params");
        params.forEach((name, value) -> {
            if (value.rank() == 0) {
                finals.put(name, value.item());
            } else {
                var list = finals.putArray(name);
                Arrays.stream(value.toArray()).forEach(list::add);
            }
        });
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
