package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.nn.ProductPrecision;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbEvaluation;
import dev.trellis.samples.jsb.JsbInit;
import dev.trellis.samples.jsb.JsbSplit;
import dev.trellis.samples.jsb.JsbTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jsb train}: hmm.py's {@code main()}, MAP Baum-Welch on the train split, then the train and test losses per
 * observation without the prior.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {"MAP Baum-Welch as Pyro's examples/hmm.py: AutoDelta on the probs_* tables (and nnhmm's "
                + "network parameters, tones_generator$$$..., without a prior), Adam, the hidden states summed out "
                + "exactly.",
                "Prints the loss per observation of each step (the loss svi.step returns, with the prior, divided by "
                        + "the number of time steps of the WHOLE train split, 13807, whatever the batch: hmm.py's "
                        + "convention; a batch's likelihood is scaled up to the split), then the train and test losses "
                        + "per observation WITHOUT the prior, each divided by its own split's time steps (hmm.py's "
                        + "final report).",
                "Exit code 1 if training stopped on a non-finite value (the report is then of the last finite step)."})
final class JsbTrainCommand implements Callable<Integer> {
    @Mixin
    ProductsOption products;

    @Mixin
    GraphOption graph;

    /** hmm.py's {@code --batch-size} default. */
    static final int HMM_PY_BATCH = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    JsbOptions options;

    @Mixin
    ParallelOptions parallel;

    @Option(names = "--steps", defaultValue = "50", description = "svi.step calls (default: ${DEFAULT-VALUE}, "
            + "hmm.py's --num-steps).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", description = {"Sequences per step, drawn without replacement "
            + "(default: hmm.py's 8).", "B >= 229 (the train split's size) uses the whole split every step, as Pyro's "
            + "plate does."})
    @Nullable Integer batchSize;

    @Option(names = "--lr", defaultValue = "0.05", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds the initial tables and the batches "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--init", paramLabel = "FILE", description = {"Start from these tables: a JSON object {name: nested "
            + "array}, e.g. jsb_hmm_svi.json's init_params.", "Default: as hmm.py, AutoDelta's init_to_median (uniform "
            + "transition rows, each emission probability the median of 15 Beta(0.1, 0.9) draws); nnhmm: uniform transition "
            + "rows and torch's default initialisation of the network; hmm2: torch.rand tables, transition rows "
            + "normalised."})
    @Nullable Path init;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the final tables as a JSON object {name: nested "
            + "array} (the input of --init, jsb eval and jsb decode).")
    @Nullable Path save;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write a PNG of the loss per observation by step.")
    @Nullable Path plot;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = {"After every step, save the tables, Adam's "
            + "state and the batches' random stream to FILE (replaced atomically); if FILE exists, resume from it first "
            + "(with the same other options).", "A run resumed after a crash finishes with the bits of an "
            + "uninterrupted run; the report then covers the steps run since the resume."})
    @Nullable Path checkpoint;

    @Option(names = "--json", description = {"Print JSON: {\"losses\": [the raw loss of each step, before its update], "
            + "\"final_params\": {name: nested array}, \"train_loss_per_obs\", \"test_loss_per_obs\", "
            + "\"train_num_observations\", \"test_num_observations\"}, plus \"stopped\": {\"step\", \"parameter\", "
            + "\"message\"} if training stopped. A non-finite number is written as null."})
    boolean json;

    /**
     * {@return whether Spark's {@code master} runs its executors in this JVM}: {@code local} and {@code local[N]} do;
     * {@code local-cluster[...]} starts executor JVMs of its own, as a cluster's master does.
     */
    static boolean runsExecutorsHere(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    @Override
    public Integer call() throws Exception {
        return products.during(this::run);
    }

    private Integer run() throws IOException {
        if (products.precision == ProductPrecision.SINGLE && parallel.spark != null
                && !runsExecutorsHere(parallel.spark)) {
            // executors in other JVMs do not see this JVM's setting: their products would stay float64
            throw new IllegalArgumentException("--products single sets this JVM's products only; the executors of "
                    + "--spark " + parallel.spark + " run in other JVMs and would multiply in float64 (local[N] "
                    + "runs them here)");
        }
        OutputFiles.requireWritable(save, "--save");
        OutputFiles.requireWritable(plot, "--plot");
        graph.writeIfAsked(() -> SampleGraphs.jsb(options.model));
        OptionChecks.atLeastOne("--steps", steps);
        OptionChecks.positive("--lr", lr);
        var mapper = new ObjectMapper();
        JsbChorales chorales = options.load();
        JsbSplit train = chorales.train();
        JsbSplit test = chorales.test();
        Map<String, Tensor> initial = init != null
                ? JsbParamsFile.read(mapper, init, options.model, chorales.numTones())
                : JsbInit.hmmPy(options.model, chorales.numTones(), seed);
        int batch = batchSize != null ? batchSize
                : HMM_PY_BATCH;
        double[] losses;
        int first;
        TrainingStoppedException stopped = null;
        String task = "jsb " + options.model.id();
        Map<String, Tensor> params;
        try (MemberEvaluation evaluation = parallel.evaluation(JsbTraining.sequences(train),
                JsbTraining.programs(options.model, train.numTones()))) {
            JsbTraining training = checkpoint != null && Files.exists(checkpoint)
                    ? JsbTraining.resume(checkpoint, options.model, train, initial, lr, batch, seed, evaluation)
                    : JsbTraining.start(options.model, train, initial, lr, batch, seed, evaluation);
            Trainer trainer = training.trainer().steps(steps);
            if (checkpoint != null) {
                trainer.checkpointEvery(1, checkpoint);
            }
            first = trainer.stepsDone();
            try (var progress = new TrainingProgress(spec.commandLine().getErr(), task, steps)) {
                trainer.listener(progress).run();
            } catch (TrainingStoppedException e) {
                stopped = e;
            }
            double[] all = trainer.losses();
            losses = Arrays.copyOfRange(all, Math.min(first, all.length), all.length);
            params = training.params();
        }
        double trainLoss = JsbEvaluation.lossNoPrior(options.model, params, train) / train.numObservations();
        double testLoss = JsbEvaluation.lossNoPrior(options.model, params, test) / test.numObservations();

        PrintWriter out = spec.commandLine().getOut();
        double[] perObservation = Arrays.stream(losses).map(loss -> loss / train.numObservations()).toArray();
        if (json) {
            ObjectNode report = report(mapper, losses, params, trainLoss, testLoss, train, test, stopped);
            report.put("first_step", first);
            report.put("products", products.spelled());
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            printText(out, batch, train, test, first, perObservation, trainLoss, testLoss);
        }
        if (save != null) {
            JsbParamsFile.write(mapper, save, params);
        }
        if (plot != null) {
            JsbLossPlot.write(plot, "jsb " + options.model.id() + ": MAP Baum-Welch, batch "
                    + Math.min(batch, train.numSequences()) + ", lr " + lr, perObservation);
        }
        out.flush();
        if (stopped != null) {
            spec.commandLine().getErr().println("error: " + stopped.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    private void printText(PrintWriter out, int batch, JsbSplit train, JsbSplit test, int first,
            double[] perObservation, double trainLoss, double testLoss) {
        out.printf("Training %s (%s) on %d sequences, %s, %d steps, Adam lr %s, seed %d (%s)%n", options.model.id(),
                options.model.pyroFunction() + ", generated program", train.numSequences(),
                batch >= train.numSequences() ? "whole split each step" : "batches of " + batch, steps, lr, seed,
                parallel.describe());
        out.println("step\tloss / observation (with the prior; / " + train.numObservations() + ")");
        if (first > 0) {
            out.printf("(resumed from %s after step %d)%n", checkpoint, first);
        }
        for (int step = 0; step < perObservation.length; step++) {
            out.printf("%5d\t%s%n", first + step, perObservation[step]);
        }
        out.printf("training loss = %s (without the prior, / %d)%n", trainLoss, train.numObservations());
        out.printf("test loss = %s (without the prior, / %d)%n", testLoss, test.numObservations());
    }

    private static ObjectNode report(ObjectMapper mapper, double[] losses, Map<String, Tensor> params,
            double trainLoss, double testLoss, JsbSplit train, JsbSplit test,
            @Nullable TrainingStoppedException stopped) {
        ObjectNode report = mapper.createObjectNode();
        var list = report.putArray("losses");
        Arrays.stream(losses).forEach(list::add);
        report.set("final_params", TensorJson.object(mapper, params));
        putFinite(report, "train_loss_per_obs", trainLoss);
        putFinite(report, "test_loss_per_obs", testLoss);
        report.put("train_num_observations", train.numObservations());
        report.put("test_num_observations", test.numObservations());
        if (stopped != null) {
            ObjectNode stop = report.putObject("stopped");
            stop.put("step", stopped.step());
            stop.put("parameter", stopped.parameter());
            stop.put("message", stopped.getMessage());
        }
        return report;
    }

    /** JSON has no infinities: a loss the tables rule out is written as null. */
    static void putFinite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }
}
