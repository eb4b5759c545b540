package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.gmm.GmmInference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.gmm.GmmEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The mixture at given weights, scale and locs: the keys of a point of {@code gmm.json}. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Log joint (assignments summed out), its gradient, MAP assignments and posterior assignment "
                + "probabilities at given weights, scale and locs.")
final class GmmEvalCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "JSON array of numbers (default: the tutorial's [0, 1, 10, 11, 12]).")
    Path data;

    @Option(names = "--params", required = true, paramLabel = "FILE",
            description = "JSON object {\"weights\": [...], \"scale\": s, \"locs\": [...]}.")
    Path params;

    @Option(names = "--json", description = "Print JSON: {log_joint_marginal, grad_log_joint_marginal, "
            + "map_assignment, posterior_assignment_probs}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(GmmInference::graphDot);
        var mapper = new ObjectMapper();
        Tensor x = data == null ? Tensor.vector(GmmFiles.TUTORIAL_DATA) : GmmFiles.data(mapper, data);
        Map<String, Tensor> globals = GmmFiles.globals(mapper, params);
        GmmEvaluation evaluation = GmmEvaluation.at(x, globals);

        ObjectNode report = mapper.createObjectNode();
        report.put("log_joint_marginal", evaluation.logJointMarginal());
        report.set("grad_log_joint_marginal", TensorJson.object(mapper, evaluation.gradient()));
        GmmFiles.putInts(report, "map_assignment", evaluation.mapAssignment());
        GmmFiles.putMatrix(report, "posterior_assignment_probs", evaluation.posteriorProbabilities());
        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("log p(data, weights, scale, locs), assignments summed out = %s%n",
                    evaluation.logJointMarginal());
            evaluation.gradient().forEach((name, g) -> out.printf("d/d %-7s = %s%n", name,
                    g.rank() == 0 ? String.valueOf(g.item()) : Arrays.toString(g.toArray())));
            printAssignments(out, x, evaluation.mapAssignment(), evaluation.posteriorProbabilities());
        }
        out.flush();
        return 0;
    }

    /** One line per datum: its value, MAP component and posterior probabilities. */
    static void printAssignments(PrintWriter out, Tensor x, int[] map, double[][] probabilities) {
        out.printf("%n%5s  %12s  %3s  %s%n", "datum", "value", "MAP", "P(assignment = 0, 1, ...)");
        for (int n = 0; n < map.length; n++) {
            var cells = new StringBuilder();
            for (double p : probabilities[n]) {
                cells.append(String.format("  %.6g", p));
            }
            out.printf("%5d  %12.6g  %3d %s%n", n, x.get(n), map[n], cells);
        }
    }
}
