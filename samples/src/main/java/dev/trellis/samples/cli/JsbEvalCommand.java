package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbEvaluation;
import dev.trellis.samples.jsb.JsbSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jsb eval}: a model's losses and gradient at given tables, in the terms of {@code jsb_hmm.json}. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Losses and gradient at fixed tables, as shared/golden/jsb_hmm.json: Pyro's TraceEnum_ELBO loss "
                + "summed over every sequence (not per observation).",
                "Gradients are d loss / d table in constrained space, every entry an independent variable, with "
                        + "torch's renormalisation of Categorical probabilities (Pyro's autograd values).",
                "hmm2 has no prior: its *_with_prior values are null. nnhmm's network parameters "
                        + "(tones_generator$$$...) have none: their gradient is the same with and without it."})
final class JsbEvalCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Mixin
    JsbOptions options;

    @Option(names = "--params", required = true, paramLabel = "FILE",
            description = "The tables: a JSON object {name: nested array} (e.g. jsb_hmm.json's models.hmm.params).")
    Path params;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|valid|test",
            description = "The split of eval_loss_no_prior (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--json", description = "Print JSON: {\"train_loss_no_prior\", \"train_loss_with_prior\", "
            + "\"eval_split\", \"eval_loss_no_prior\", \"grad_train_loss_with_prior\": {name: nested array}}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(() -> SampleGraphs.jsb(options.model));
        var mapper = new ObjectMapper();
        JsbChorales chorales = options.load();
        JsbSplit eval = chorales.split(split);
        Map<String, Tensor> tables = JsbParamsFile.read(mapper, params, options.model, chorales.numTones());
        JsbEvaluation result = JsbEvaluation.of(options.model, tables, chorales.train(), eval);
        ObjectNode report = mapper.createObjectNode();
        JsbTrainCommand.putFinite(report, "train_loss_no_prior", result.trainLossNoPrior());
        if (result.trainLossWithPrior() == null) {
            report.putNull("train_loss_with_prior");
        } else {
            JsbTrainCommand.putFinite(report, "train_loss_with_prior", result.trainLossWithPrior());
        }
        report.put("eval_split", eval.name());
        JsbTrainCommand.putFinite(report, "eval_loss_no_prior", result.evalLossNoPrior());
        if (result.gradTrainLossWithPrior() == null) {
            report.putNull("grad_train_loss_with_prior");
        } else {
            report.set("grad_train_loss_with_prior", TensorJson.object(mapper, result.gradTrainLossWithPrior()));
        }
        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("%s (%s) at %s%n", options.model.id(), options.model.pyroFunction(), params);
            out.printf("train_loss_no_prior   = %s  (%s per observation)%n", result.trainLossNoPrior(),
                    result.trainLossNoPrior() / chorales.train().numObservations());
            out.printf("train_loss_with_prior = %s%n", result.trainLossWithPrior() == null ? "none (no prior)"
                    : result.trainLossWithPrior());
            out.printf("eval_loss_no_prior    = %s  (%s split, %s per observation)%n", result.evalLossNoPrior(),
                    eval.name(), result.evalLossNoPrior() / eval.numObservations());
            if (result.gradTrainLossWithPrior() != null) {
                result.gradTrainLossWithPrior().forEach((name, grad) -> out.printf(
                        "max |d train_loss_with_prior / d %s| = %s%n", name,
                        java.util.Arrays.stream(grad.toArray()).map(Math::abs).max().orElse(0)));
            }
        }
        out.flush();
        return 0;
    }
}
