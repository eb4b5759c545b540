package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.gaussian.GaussianHmmInference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.gaussian.GaussianHmmExperiment;
import dev.trellis.samples.gaussian.GaussianHmmFit;
import dev.trellis.samples.gaussian.StateMatching;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmm-gaussian}: an HMM with Normal emissions, simulated from true tables, fitted by MAP from a random start,
 * decoded at the fit and compared with the true states.
 */
@Command(
        name = "hmm-gaussian",
        mixinStandardHelpOptions = true,
        description = {"An HMM with Normal emissions (the GaussianHmm model): simulates a series from true tables, "
                + "fits every table (initial distribution, transitions, per-state mean and scale) by MAP from a random "
                + "start (SVI: AutoDelta, Adam, the states summed out exactly), and decodes the series at the fit.",
                "The fitted states are put in the true labels by sorting the means (states are exchangeable); "
                        + "reports the MAP path (Viterbi) and the state marginals against the true states."})
final class HmmGaussianCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    /** States are printed as one base-36 digit each. */
    static final int MAX_STATES = 36;
    /** Steps per row of the printed paths. */
    private static final int ROW = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--states", paramLabel = "K", defaultValue = "3",
            description = "Hidden states, of the truth and of the fit, 2 to 36 (default: ${DEFAULT-VALUE}).")
    int states;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "500",
            description = "Length of the simulated series (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seeds the true tables, the series and the random start (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps-svi", paramLabel = "N", defaultValue = "" + GaussianHmmFit.DEFAULT_STEPS,
            description = "SVI steps per start (default: ${DEFAULT-VALUE}).")
    int sviSteps;

    @Option(names = "--lr", defaultValue = "" + GaussianHmmFit.DEFAULT_LR,
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--restarts", paramLabel = "R", defaultValue = "1",
            description = {"Fit from R random starts (seeds S, S+1, ...) and keep the one of lowest final loss "
                    + "(default: ${DEFAULT-VALUE}).", "A single start can end in a local optimum (two states sharing "
                    + "one cluster of readings), more likely with more states."})
    int restarts;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write a PNG: the series with the fitted mean of the "
            + "MAP state at each step, and the true and MAP states.")
    @Nullable Path plot;

    @Option(names = "--json", description = {"Print JSON: {\"states\", \"steps\", \"seed\", \"svi_steps\", \"lr\", "
            + "\"restarts\", \"best_restart\", \"series\", \"true_states\", \"true_params\": {\"probs_init\", "
            + "\"probs_x\", \"locs\", \"scales\"}, \"start_params\" and \"fitted_params\" (the same; fitted in the "
            + "true labels), \"fitted_to_true\" (the true label of each fitted state), \"losses\" (of the kept start), "
            + "\"log_likelihood_true\", \"log_likelihood_fitted\", \"map_path\", \"map_log_joint\", \"marginals\" "
            + "([step][state], true labels), \"map_accuracy\", \"marginal_accuracy\", \"true_tables_map_accuracy\", "
            + "\"mean_probability_of_true_state\"}."})
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable(plot, "--plot");
        graph.writeIfAsked(GaussianHmmInference::graphDot);
        if (states < 2 || states > MAX_STATES) {
            throw new IllegalArgumentException("--states must be between 2 and " + MAX_STATES + ", got " + states);
        }
        if (steps < states) {
            throw new IllegalArgumentException("--steps must be at least the number of states (" + states
                    + ") so that every state can start at a reading, got " + steps);
        }
        OptionChecks.atLeastOne("--steps-svi", sviSteps);
        OptionChecks.positive("--lr", lr);
        OptionChecks.atLeastOne("--restarts", restarts);
        GaussianHmmExperiment run;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "hmm-gaussian", restarts * sviSteps)) {
            run = GaussianHmmExperiment.run(states, steps, seed, sviSteps, lr, restarts, progress);
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
            GaussianHmmPlot.write(plot, String.format("Gaussian HMM, %d states: MAP fit (%d SVI steps), MAP path "
                    + "accuracy %.3f", states, sviSteps, run.mapAccuracy()), run.truth().series(),
                    run.fittedParams().get("locs").toArray(), run.truth().states(), run.mapPath());
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode report(ObjectMapper mapper, GaussianHmmExperiment run) {
        ObjectNode report = mapper.createObjectNode();
        report.put("states", states);
        report.put("steps", steps);
        report.put("seed", seed);
        report.put("svi_steps", sviSteps);
        report.put("lr", lr);
        report.put("restarts", restarts);
        report.put("best_restart", run.restart());
        putDoubles(report.putArray("series"), run.truth().series());
        putInts(report.putArray("true_states"), run.truth().states());
        report.set("true_params", TensorJson.object(mapper, run.truth().params()));
        report.set("start_params", TensorJson.object(mapper, run.fit().start()));
        report.set("fitted_params", TensorJson.object(mapper, run.fittedParams()));
        putInts(report.putArray("fitted_to_true"), run.matching().toTrue());
        putDoubles(report.putArray("losses"), run.fit().losses());
        JsbTrainCommand.putFinite(report, "log_likelihood_true", run.logLikelihoodTrue());
        JsbTrainCommand.putFinite(report, "log_likelihood_fitted", run.logLikelihoodFitted());
        putInts(report.putArray("map_path"), run.mapPath());
        JsbTrainCommand.putFinite(report, "map_log_joint", run.mapLogJoint());
        ArrayNode marginals = report.putArray("marginals");
        for (double[] step : run.marginals()) {
            putDoubles(marginals.addArray(), step);
        }
        report.put("map_accuracy", run.mapAccuracy());
        report.put("marginal_accuracy", run.marginalAccuracy());
        report.put("true_tables_map_accuracy", run.trueTablesMapAccuracy());
        report.put("mean_probability_of_true_state", run.meanProbabilityOfTrueState());
        return report;
    }

    private void printText(PrintWriter out, GaussianHmmExperiment run) {
        out.printf("Gaussian HMM: %d states, %d steps simulated (seed %d); MAP fit by SVI (AutoDelta, Adam lr %s, "
                + "%d steps%s)%n%n", states, steps, seed, lr, sviSteps,
                restarts == 1 ? "" : ", best of " + restarts + " starts: start " + run.restart());
        double[] losses = run.fit().losses();
        out.printf("loss -log p(series, tables): %.4f at the start, %.4f at the last step%n%n", losses[0],
                losses[losses.length - 1]);
        Map<String, Tensor> truth = run.truth().params();
        Map<String, Tensor> fitted = run.fittedParams();
        out.println("fitted states in the true labels (sorted by mean):");
        out.printf("%6s %11s %11s %11s %11s %11s %11s%n", "state", "true mean", "fit mean", "true scale",
                "fit scale", "true init", "fit init");
        for (int k = 0; k < states; k++) {
            out.printf("%6d %11.4f %11.4f %11.4f %11.4f %11.4f %11.4f%n", k, truth.get("locs").get(k),
                    fitted.get("locs").get(k), truth.get("scales").get(k), fitted.get("scales").get(k),
                    truth.get("probs_init").get(k), fitted.get("probs_init").get(k));
        }
        out.println();
        out.println("transition matrix probs_x[from][to], true | fitted:");
        for (int i = 0; i < states; i++) {
            StringBuilder row = new StringBuilder(String.format("%6d ", i));
            for (int j = 0; j < states; j++) {
                row.append(String.format(" %.4f", truth.get("probs_x").get(i, j)));
            }
            row.append("  |");
            for (int j = 0; j < states; j++) {
                row.append(String.format(" %.4f", fitted.get("probs_x").get(i, j)));
            }
            out.println(row);
        }
        out.printf("%nlog p(series) at the true tables   = %.4f%n", run.logLikelihoodTrue());
        out.printf("log p(series) at the fitted tables = %.4f%n", run.logLikelihoodFitted());
        out.printf("log p(series, MAP path) at the fit = %.4f%n%n", run.mapLogJoint());
        out.println("accuracy against the true states:");
        out.printf("  MAP path (Viterbi) at the fitted tables       %.4f%n", run.mapAccuracy());
        out.printf("  most probable state under the marginals       %.4f%n", run.marginalAccuracy());
        out.printf("  mean posterior probability of the true state  %.4f%n", run.meanProbabilityOfTrueState());
        out.printf("  MAP path at the true tables (the reference)   %.4f%n%n", run.trueTablesMapAccuracy());
        int[] argmax = StateMatching.argmax(run.marginals());
        out.printf("states by step, %d a row (true; MAP path; most probable under the marginals; ^ where the MAP "
                + "path is wrong):%n", ROW);
        for (int from = 0; from < steps; from += ROW) {
            int to = Math.min(steps, from + ROW);
            out.printf("%6d true %s%n", from, digits(run.truth().states(), from, to));
            out.printf("%6s MAP  %s%n", "", digits(run.mapPath(), from, to));
            out.printf("%6s marg %s%n", "", digits(argmax, from, to));
            out.println(("             " + misses(run.mapPath(), run.truth().states(), from, to)).stripTrailing());
        }
    }

    private static String digits(int[] path, int from, int to) {
        StringBuilder row = new StringBuilder();
        for (int t = from; t < to; t++) {
            row.append(Character.forDigit(path[t], MAX_STATES));
        }
        return row.toString();
    }

    private static String misses(int[] path, int[] truth, int from, int to) {
        StringBuilder row = new StringBuilder();
        for (int t = from; t < to; t++) {
            row.append(path[t] == truth[t] ? ' ' : '^');
        }
        return row.toString();
    }

    static void putDoubles(ArrayNode array, double[] values) {
        Arrays.stream(values).forEach(array::add);
    }

    static void putInts(ArrayNode array, int[] values) {
        Arrays.stream(values).forEach(array::add);
    }
}
