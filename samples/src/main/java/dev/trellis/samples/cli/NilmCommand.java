package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.nilm.Appliance;
import dev.trellis.samples.nilm.ApplianceScore;
import dev.trellis.samples.nilm.NilmExperiment;
import dev.trellis.samples.nilm.NilmFit;
import dev.trellis.samples.nilm.NilmModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nilm}: energy disaggregation with a factorial HMM. Simulates a household's meter, learns its appliances from
 * the aggregate reading alone, decodes each appliance's on/off path and scores it against the simulation.
 */
@Command(
        name = "nilm",
        mixinStandardHelpOptions = true,
        description = {"Energy disaggregation (non-intrusive load monitoring) with a factorial HMM: each appliance an "
                + "on/off chain with its own switching probabilities and power draw, the meter reading Normal around "
                + "the base load plus the draws of the appliances that are on (models Nilm3, Nilm4, Nilm5).",
                "Simulates a household, learns every draw, switching probability, the base load and the noise from the "
                        + "aggregate reading alone (MAP by SVI: AutoDelta, Adam, all chains summed out exactly), then "
                        + "decodes each appliance (the MAP assignment and the marginals) and scores it against the "
                        + "simulated truth, matching learned appliances to true ones by their draws."})
final class NilmCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    /** The printed on/off paths show this many minutes. */
    private static final int SHOWN = 120;

    @Spec
    CommandSpec spec;

    @Option(names = "--appliances", paramLabel = "N", defaultValue = "3",
            description = {"Appliances in the household and chains in the model, 3 to 5 (default: ${DEFAULT-VALUE}): "
                    + "the first N of fridge (150 W), washing machine (500 W), kettle (2000 W), dishwasher (1200 W), "
                    + "television (90 W)."})
    int appliances;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "720",
            description = "Readings to simulate, one a minute (default: ${DEFAULT-VALUE}, twelve hours).")
    int steps;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seeds the simulation and the restarts' starts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps-svi", paramLabel = "N", defaultValue = "" + NilmFit.DEFAULT_STEPS,
            description = "SVI steps per start (default: ${DEFAULT-VALUE}).")
    int sviSteps;

    @Option(names = "--lr", defaultValue = "" + NilmFit.DEFAULT_LR,
            description = "Adam's learning rate; draws and loads are learned in log space, so 0.05 moves one by "
                    + "about 5%% a step (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--restarts", paramLabel = "R", defaultValue = "3",
            description = {"Learn from R starts and keep the one of lowest final loss (default: ${DEFAULT-VALUE}).",
                    "The first start spreads the draws over the range of the reading, the others cluster the sizes "
                            + "of the reading's jumps; a factorial HMM has local optima (one chain covering two "
                            + "appliances), which another start usually avoids."})
    int restarts;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write a PNG: the aggregate reading with the "
            + "reconstruction from the decoded paths, and each appliance's true and decoded draw.")
    @Nullable Path plot;

    @Option(names = "--json", description = {"Print JSON: {\"appliances\", \"names\", \"steps\", \"seed\", "
            + "\"svi_steps\", \"lr\", \"restarts\", \"best_restart\", \"reading\", \"true_params\": {\"switching\" "
            + "([appliance][from][to], 0 = off), \"power\", \"base\", \"noise\"}, \"start_params\", "
            + "\"learned_params\" (the same; learned in the true order), \"learned_to_true\" (the true appliance of "
            + "each learned chain), \"losses\" (of the kept start), \"log_likelihood_true\", "
            + "\"log_likelihood_learned\", \"map_log_joint\", \"true_on\", \"map_on\", \"probability_on\" (each "
            + "[appliance][minute]), \"scores\": [{\"name\", \"true_power\", \"learned_power\", \"map_accuracy\", "
            + "\"marginal_accuracy\", \"majority_baseline\", \"on_f1\", \"on_fraction\", \"reference_accuracy\", "
            + "\"true_energy_kwh\", \"decoded_energy_kwh\"}], \"mean_map_accuracy\"}."})
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable(plot, "--plot");
        if (appliances < NilmModels.FEWEST || appliances > NilmModels.MOST) {
            throw new IllegalArgumentException("--appliances must be between " + NilmModels.FEWEST + " and "
                    + NilmModels.MOST + " (one model class per number of chains), got " + appliances);
        }
        graph.writeIfAsked(() -> SampleGraphs.nilm(appliances));
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
        }
        OptionChecks.atLeastOne("--steps-svi", sviSteps);
        OptionChecks.positive("--lr", lr);
        OptionChecks.atLeastOne("--restarts", restarts);
        NilmExperiment run;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "nilm", restarts * sviSteps)) {
            run = NilmExperiment.run(appliances, steps, seed, sviSteps, lr, restarts, progress);
        }
        var mapper = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode report = report(mapper, run);
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            printText(out, run);
        }
        if (plot != null) {
            String[] names = run.household().appliances().stream().map(Appliance::name).toArray(String[]::new);
            double[] truePower = run.household().appliances().stream().mapToDouble(Appliance::power).toArray();
            String title = String.format("NILM, %d appliances learned from the aggregate alone: mean MAP accuracy %.3f",
                    appliances, run.meanMapAccuracy());
            NilmPlot.write(plot, title, names, run.truth().reading(), run.truth().on(),
                    truePower, run.decoding().mapOn(), run.learnedParams().get("power").toArray(),
                    run.learnedParams().get("base").item());
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode report(ObjectMapper mapper, NilmExperiment run) {
        ObjectNode report = mapper.createObjectNode();
        report.put("appliances", appliances);
        ArrayNode names = report.putArray("names");
        run.household().appliances().forEach(appliance -> names.add(appliance.name()));
        report.put("steps", steps);
        report.put("seed", seed);
        report.put("svi_steps", sviSteps);
        report.put("lr", lr);
        report.put("restarts", restarts);
        report.put("best_restart", run.restart());
        HmmGaussianCommand.putDoubles(report.putArray("reading"), run.truth().reading());
        report.set("true_params", TensorJson.object(mapper, run.household().params()));
        report.set("start_params", TensorJson.object(mapper, run.fit().start()));
        report.set("learned_params", TensorJson.object(mapper, run.learnedParams()));
        HmmGaussianCommand.putInts(report.putArray("learned_to_true"), run.toTrue());
        HmmGaussianCommand.putDoubles(report.putArray("losses"), run.fit().losses());
        JsbTrainCommand.putFinite(report, "log_likelihood_true", run.reference().logLikelihood());
        JsbTrainCommand.putFinite(report, "log_likelihood_learned", run.decoding().logLikelihood());
        JsbTrainCommand.putFinite(report, "map_log_joint", run.decoding().mapLogJoint());
        ArrayNode trueOn = report.putArray("true_on");
        ArrayNode mapOn = report.putArray("map_on");
        ArrayNode probabilityOn = report.putArray("probability_on");
        for (int i = 0; i < appliances; i++) {
            HmmGaussianCommand.putInts(trueOn.addArray(), run.truth().on()[i]);
            HmmGaussianCommand.putInts(mapOn.addArray(), run.decoding().mapOn()[i]);
            HmmGaussianCommand.putDoubles(probabilityOn.addArray(), run.decoding().probabilityOn()[i]);
        }
        ArrayNode scores = report.putArray("scores");
        for (ApplianceScore score : run.scores()) {
            ObjectNode entry = scores.addObject();
            entry.put("name", score.name());
            entry.put("true_power", score.truePower());
            entry.put("learned_power", score.learnedPower());
            entry.put("map_accuracy", score.mapAccuracy());
            entry.put("marginal_accuracy", score.marginalAccuracy());
            entry.put("majority_baseline", score.majorityBaseline());
            entry.put("on_f1", score.onF1());
            entry.put("on_fraction", score.onFraction());
            entry.put("reference_accuracy", score.referenceAccuracy());
            entry.put("true_energy_kwh", score.trueEnergy());
            entry.put("decoded_energy_kwh", score.decodedEnergy());
        }
        report.put("mean_map_accuracy", run.meanMapAccuracy());
        return report;
    }

    private void printText(PrintWriter out, NilmExperiment run) {
        out.printf("NILM: a household of %d appliances, %d readings a minute apart (seed %d), learned from the "
                + "aggregate reading alone%n", appliances, steps, seed);
        out.printf("MAP by SVI (AutoDelta, Adam lr %s, %d steps per start, best of %d starts: start %d)%n", lr,
                sviSteps, restarts, run.restart());
        double[] losses = run.fit().losses();
        out.printf("loss -log p(reading, parameters): %.2f at the start, %.2f at the last step%n%n", losses[0],
                losses[losses.length - 1]);
        Map<String, Tensor> truth = run.household().params();
        Map<String, Tensor> learned = run.learnedParams();
        out.printf("%-16s %17s %29s %37s %6s %15s%n", "", "draw (W)", "P(switch on / off) a minute",
                "accuracy of the on/off path", "", "energy (kWh)");
        out.printf("%-16s %8s %8s %14s %14s %9s %9s %9s %9s %6s %7s %7s%n", "appliance", "true", "learned", "true",
                "learned", "MAP", "marginal", "baseline", "known", "F1 on", "true", "decoded");
        for (int i = 0; i < appliances; i++) {
            ApplianceScore score = run.scores().get(i);
            out.printf("%-16s %8.1f %8.1f %6.4f/%.4f %6.4f/%.4f %9.4f %9.4f %9.4f %9.4f %6.3f %7.2f %7.2f%n",
                    score.name(), score.truePower(), score.learnedPower(), truth.get("switching").get(i, 0, 1),
                    truth.get("switching").get(i, 1, 0), learned.get("switching").get(i, 0, 1),
                    learned.get("switching").get(i, 1, 0), score.mapAccuracy(), score.marginalAccuracy(),
                    score.majorityBaseline(), score.referenceAccuracy(), score.onF1(), score.trueEnergy(),
                    score.decodedEnergy());
        }
        out.println("(MAP: the MAP assignment of all chains at the learned parameters; marginal: P(on) > 0.5; "
                + "baseline: always guessing the appliance's more frequent state; known: the MAP path at the true "
                + "parameters)");
        out.printf("%nbase load %.1f W, learned %.1f W; meter noise %.1f W, learned %.1f W%n",
                truth.get("base").item(), learned.get("base").item(), truth.get("noise").item(),
                learned.get("noise").item());
        out.printf("log p(reading) at the true parameters %.4f, at the learned ones %.4f%n%n",
                run.reference().logLikelihood(), run.decoding().logLikelihood());
        int shown = Math.min(SHOWN, steps);
        out.printf("the first %d minutes (# on, . off; true above, decoded below):%n", shown);
        for (int i = 0; i < appliances; i++) {
            out.printf("%-16s true %s%n", run.scores().get(i).name(), path(run.truth().on()[i], shown));
            out.printf("%-16s MAP  %s%n", "", path(run.decoding().mapOn()[i], shown));
        }
    }

    private static String path(int[] on, int shown) {
        StringBuilder row = new StringBuilder();
        for (int t = 0; t < shown; t++) {
            row.append(on[t] == 1 ? '#' : '.');
        }
        return row.toString();
    }
}
