package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.samples.hmm.DiscreteHmm;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Exact inference for a discrete HMM read from a file laid out as the golden {@code rain_sun.json}:
 * {@code pi}, {@code A}, {@code B} and {@code cases}, each case {"obs": [...]}.
 */
@Command(
        name = "hmm",
        mixinStandardHelpOptions = true,
        description = "Log-likelihood, Viterbi path and posterior marginals for each case of an HMM parameter file.")
final class HmmCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--params", required = true, paramLabel = "FILE",
            description = "JSON with pi, A, B (any number of states and symbols) and cases: [{\"obs\": [...]}, ...].")
    Path params;

    @Option(names = "--json", description = "Print JSON: {\"cases\": [{log_prob, viterbi, viterbi_log_joint, marginals}]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(DiscreteHmmInference::graphDot);
        var mapper = new ObjectMapper();
        HmmFile file = HmmFile.read(mapper, params);
        var inference = new DiscreteHmmInference(new DiscreteHmm(file.pi(), file.transition(), file.emission()));

        ObjectNode report = mapper.createObjectNode();
        ArrayNode cases = report.putArray("cases");
        for (HmmFile.Case c : file.cases()) {
            ObjectNode result = cases.addObject();
            if (c.name() != null) {
                result.put("name", c.name());
            }
            result.put("log_prob", inference.logLikelihood(c.obs()));
            try {
                DiscreteHmmInference.MapAssignment map = inference.viterbi(c.obs());
                ArrayNode path = result.putArray("viterbi");
                Arrays.stream(map.state()).forEach(path::add);
                result.put("viterbi_log_joint", map.logJoint());
                ArrayNode marginals = result.putArray("marginals");
                for (double[] row : inference.marginals(c.obs()).state()) {
                    ArrayNode r = marginals.addArray();
                    Arrays.stream(row).forEach(r::add);
                }
            } catch (ImpossibleEvidenceException e) {
                // No posterior exists: say so instead of inventing a path or NaN marginals.
                result.putNull("viterbi");
                result.putNull("viterbi_log_joint");
                result.putNull("marginals");
                result.put("error", e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            printText(out, report);
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, ObjectNode report) {
        int index = 0;
        for (var c : report.get("cases")) {
            out.printf("case %d%s%n", index++, c.has("name") ? " (" + c.get("name").asText() + ")" : "");
            out.printf("  log_prob          = %s%n", c.get("log_prob").asText());
            if (c.hasNonNull("error")) {
                out.printf("  %s%n", c.get("error").asText());
                continue;
            }
            out.printf("  viterbi           = %s%n", c.get("viterbi"));
            out.printf("  viterbi_log_joint = %s%n", c.get("viterbi_log_joint").asText());
            out.println("  marginals (step: P(state = 0), P(state = 1), ...)");
            int step = 0;
            for (var row : c.get("marginals")) {
                var cells = new StringBuilder();
                for (var p : row) {
                    cells.append(String.format("  %.6f", p.asDouble()));
                }
                out.printf("  %6d:%s%n", step++, cells);
            }
        }
    }
}
