package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.dmmjsb.JsbDmmProgram;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.random.Rng;
import dev.trellis.samples.dmmjsb.JsbDmmTraining.Evaluation;
import dev.trellis.samples.dmmjsb.JsbDmmTraining.Settings;
import dev.trellis.samples.dmmjsb.JsbDmmTraining;
import dev.trellis.samples.dmmjsb.JsbPianoRolls;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.files.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pyro's examples/dmm.py on the JSB chorales ({@code samples/dmmjsb}: {@code JsbDmm} and {@code JsbDmmGuide},
 * through the programs Trellis generates from them), with its dimensions, annealing schedule, mini-batches and
 * ClippedAdam.
 */
@Command(
        name = "dmm-jsb",
        mixinStandardHelpOptions = true,
        description = {"Train Pyro's examples/dmm.py on the JSB chorales (88 notes; z 100, emitter 100, transition "
                + "200, RNN 600) by SVI.",
                "Prints the training loss per time step of each epoch (dmm.py's epoch_nll / N_train_time_slices) and "
                        + "the test negative log-likelihood per time step (the one-particle -ELBO of the test split)."})
final class DmmJsbCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Mixin
    ProductsOption products;


    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "The JSB chorales JSON (default: "
            + "shared/data/jsb_chorales.json in the working directory or the nearest folder above it that has one).")
    Path data;

    @Option(names = "--epochs", defaultValue = "5000", description = "Epochs, dmm.py's --num-epochs (default: "
            + "${DEFAULT-VALUE}; one epoch is 12 mini-batch steps).")
    int epochs;

    @Option(names = "--steps", defaultValue = "0",
            description = "Stop after this many mini-batch steps in all; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "20", description = "Chorales per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.0003", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "0.99996",
            description = "ClippedAdam's per-step learning-rate decay (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--weight-decay", defaultValue = "2.0", description = "ClippedAdam's weight decay (default: "
            + "${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-norm", defaultValue = "10.0", description = "ClippedAdam's gradient clip (default: "
            + "${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--annealing-epochs", defaultValue = "1000",
            description = "Epochs over which the KL annealing factor rises to 1 (default: ${DEFAULT-VALUE}).")
    int annealingEpochs;

    @Option(names = "--minimum-annealing-factor", defaultValue = "0.2",
            description = "The annealing factor at the first step (default: ${DEFAULT-VALUE}).")
    double minimumAnnealingFactor;

    @Option(names = "--eval-every", defaultValue = "50", description = "Evaluate the test split every this many "
            + "epochs, as dmm.py (and always at the end); 0 for only at the end (default: ${DEFAULT-VALUE}).")
    int evaluateEvery;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seeds initialisation, shuffling and the guide's draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = {"Print JSON: {\"seed\", \"epochs\", \"steps\", \"batch_size\", "
            + "\"losses\" (each step's), \"annealing\" (each step's factor),",
            "\"train_loss_per_time_step\" (each epoch's), \"evaluations\": [{\"epoch\", \"test_nll_per_time_step\"}], "
                    + "\"test_nll_per_time_step\" (after training), \"train_time_steps\", \"test_time_steps\"}."})
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write a PNG: each epoch's training loss per time step, and the test evaluations.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        return products.during(this::run);
    }

    private Integer run() throws IOException {
        graph.writeIfAsked(JsbDmmProgram::graphDot);
        if (epochs < 1 || steps < 0 || batchSize < 1 || evaluateEvery < 0) {
            throw new IllegalArgumentException("--epochs and --batch-size must be at least 1, --steps and "
                    + "--eval-every at least 0; got " + epochs + ", " + batchSize + ", " + steps + ", "
                    + evaluateEvery);
        }
        OutputFiles.requireWritable(plot, "--plot");
        JsbPianoRolls chorales = JsbPianoRolls.load(SharedData.locate(data, "jsb_chorales.json", "--data"));
        Settings settings = new Settings(epochs, steps, batchSize, lr, 0.96, 0.999, clipNorm, lrDecay, weightDecay,
                annealingEpochs, minimumAnnealingFactor, evaluateEvery);
        int total = JsbDmmTraining.totalSteps(chorales.split("train").size(), settings);
        JsbDmmTraining.Result result;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "dmm.py, JSB chorales", total)) {
            result = JsbDmmTraining.train(chorales, settings, Rng.seeded(seed), progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        var mapper = new ObjectMapper();
        ObjectNode report = report(mapper, result, chorales);
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            print(out, result, chorales);
        }
        if (plot != null) {
            DmmJsbPlot.write(plot, result, chorales.steps("train"));
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode report(ObjectMapper mapper, JsbDmmTraining.Result result, JsbPianoRolls chorales) {
        ObjectNode report = mapper.createObjectNode();
        report.put("seed", seed);
        report.put("products", products.spelled());
        report.put("epochs", result.trainLossPerTimeStep().length);
        report.put("steps", result.losses().length);
        report.put("batch_size", batchSize);
        ArrayNode losses = report.putArray("losses");
        for (double loss : result.losses()) {
            losses.add(loss);
        }
        ArrayNode annealing = report.putArray("annealing");
        for (double factor : result.annealing()) {
            annealing.add(factor);
        }
        ArrayNode perEpoch = report.putArray("train_loss_per_time_step");
        for (double loss : result.trainLossPerTimeStep()) {
            perEpoch.add(loss);
        }
        ArrayNode evaluations = report.putArray("evaluations");
        for (Evaluation evaluation : result.evaluations()) {
            evaluations.addObject().put("epoch", evaluation.epoch())
                    .put("test_nll_per_time_step", evaluation.testNllPerTimeStep());
        }
        report.put("test_nll_per_time_step", result.finalTestNll());
        report.put("train_time_steps", chorales.steps("train"));
        report.put("test_time_steps", chorales.steps("test"));
        return report;
    }

    private void print(PrintWriter out, JsbDmmTraining.Result result, JsbPianoRolls chorales) {
        out.printf("Pyro's examples/dmm.py on the JSB chorales: %d training chorales (%d time steps), mini-batches of "
                + "%d,%n", chorales.split("train").size(), chorales.steps("train"), batchSize);
        out.printf("ClippedAdam (lr %s, betas 0.96,0.999, clip %s, lr decay %s, weight decay %s), KL annealing from "
                + "%s over %d epochs, seed %d, %s-precision products%n%n", lr, clipNorm, lrDecay, weightDecay,
                minimumAnnealingFactor, annealingEpochs, seed, products.spelled());
        double[] perEpoch = result.trainLossPerTimeStep();
        int stepsPerEpoch = (chorales.split("train").size() + batchSize - 1) / batchSize;
        for (int epoch = 0; epoch < perEpoch.length; epoch++) {
            boolean partial = epoch == perEpoch.length - 1 && result.losses().length % stepsPerEpoch != 0;
            out.printf("[training epoch %04d]  %.4f%s%n", epoch, perEpoch[epoch],
                    partial ? "   (partial epoch: over the time steps of its mini-batches)" : "");
            for (Evaluation evaluation : result.evaluations()) {
                if (evaluation.epoch() == epoch && evaluation != result.evaluations().get(result.evaluations().size() - 1)) {
                    out.printf("[test epoch %04d]      %.4f%n", epoch, evaluation.testNllPerTimeStep());
                }
            }
        }
        out.printf("%ntest negative log-likelihood per time step after %d steps: %.4f (%d test time steps)%n",
                result.losses().length, result.finalTestNll(), chorales.steps("test"));
    }
}
