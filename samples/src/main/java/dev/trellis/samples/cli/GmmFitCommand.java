package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.samples.gmm.Gmm;
import dev.trellis.samples.gmm.GmmEvaluation;
import dev.trellis.samples.gmm.GmmFit;
import dev.trellis.samples.gmm.GmmInference;
import dev.trellis.samples.gmm.GmmProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The GMM tutorial's MAP fit (AutoDelta, Adam, TraceEnum_ELBO), then the assignments' posterior at the fit. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description = "MAP fit of weights, scale and locs with the assignments summed out, as Pyro's GMM tutorial; "
                + "prints the loss per step, the final params, and the MAP assignments and posterior assignment "
                + "probabilities at them.")
final class GmmFitCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "JSON array of numbers (default: the tutorial's [0, 1, 10, 11, 12]).")
    Path data;

    @Option(names = "--init", paramLabel = "FILE", description = "JSON object {weights, scale, locs} to start from "
            + "(default: the tutorial's: equal weights, scale sqrt(var(data) / 2), locs data[0] and data[3]).")
    Path init;

    @Option(names = "--components", paramLabel = "K", description = {"Mixture components (default: as many as "
            + "--init gives, else 2).", "Without --init, K = 2 starts as the tutorial (locs data[0] and data[3]); "
            + "another K at K data points spread over the sorted data, with equal weights and scale sqrt(var(data) / "
            + "2)."})
    @Nullable Integer components;

    @Option(names = "--steps", defaultValue = "50", description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.1", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--betas", defaultValue = "0.8,0.99", split = ",", paramLabel = "B1,B2",
            description = "Adam's betas (default: ${DEFAULT-VALUE}).")
    double[] betas;

    @Option(names = "--json", description = "Print JSON: {losses, final_params, map_assignment, "
            + "posterior_assignment_probs}.")
    boolean json;

    @Mixin
    ParallelOptions parallel;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(GmmInference::graphDot);
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must not be negative, got " + steps);
        }
        if (betas.length != 2) {
            throw new IllegalArgumentException("--betas takes two numbers B1,B2, got " + Arrays.toString(betas));
        }
        var mapper = new ObjectMapper();
        Tensor x = data == null ? Tensor.vector(GmmFiles.TUTORIAL_DATA) : GmmFiles.data(mapper, data);
        Map<String, Tensor> start = init == null
                ? (components == null ? GmmFit.tutorialInit(x) : GmmFit.initFor(x, components))
                : GmmFiles.globals(mapper, init);
        if (components != null && init != null && start.get("weights").size(0) != components) {
            throw new IllegalArgumentException("--components " + components + " but --init " + init + " has "
                    + start.get("weights").size(0) + " weights");
        }
        List<Double> points = Arrays.stream(x.toArray()).boxed().toList();
        GmmFit fit;
        try (MemberEvaluation evaluation = parallel.evaluation(points,
                GmmFit.programs(GmmEvaluation.components(start)))) {
            fit = GmmFit.run(x, start, steps, lr, betas[0], betas[1], evaluation);
        }
        int components = fit.finalParams().get("weights").size(0);
        GmmInference posterior = new GmmProgram(new Gmm(components), x.toArray(), components)
                .inference(fit.finalParams());
        int[] mapAssignment = posterior.viterbi(x.toArray()).assignment();
        double[][] probabilities = posterior.marginals(x.toArray()).assignment();

        ObjectNode report = mapper.createObjectNode();
        ArrayNode losses = report.putArray("losses");
        fit.losses().forEach(losses::add);
        report.set("final_params", TensorJson.object(mapper, fit.finalParams()));
        GmmFiles.putInts(report, "map_assignment", mapAssignment);
        GmmFiles.putMatrix(report, "posterior_assignment_probs", probabilities);
        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("GMM MAP fit: %d data, %d components, Adam lr %s betas (%s, %s), %d steps%n%n", x.size(0),
                    components, lr, betas[0], betas[1], steps);
            for (int step = 0; step < fit.losses().size(); step++) {
                out.printf("step %4d  loss %.10f%n", step, fit.losses().get(step));
            }
            out.println();
            fit.finalParams().forEach((name, value) -> out.printf("final %-7s = %s%n", name,
                    value.rank() == 0 ? String.valueOf(value.item()) : Arrays.toString(value.toArray())));
            GmmEvalCommand.printAssignments(out, x, mapAssignment, probabilities);
        }
        out.flush();
        return 0;
    }
}
