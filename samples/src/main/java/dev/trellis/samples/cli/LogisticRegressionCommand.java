package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.logistic.LogisticRegressionProgram;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.samples.files.SharedData;
import dev.trellis.samples.logistic.IrisPair;
import dev.trellis.samples.logistic.LogisticFit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Bayesian logistic regression on two iris species, fitted by SVI with a mean-field normal guide. */
@Command(
        name = "logistic-regression",
        mixinStandardHelpOptions = true,
        description = {"Fit a Bayesian logistic regression (weights and bias ~ Normal(0, 1)) to two iris species by SVI "
                + "with a mean-field normal guide; print the posterior means and the training accuracy.",
                "Features are standardised over the chosen flowers; label 1 is the second species."})
final class LogisticRegressionCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "" + LogisticFit.STEPS, description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "CSV", description = "The iris CSV (default: shared/data/iris.csv in "
            + "the working directory or the nearest folder above it that has one).")
    Path data;

    @Option(names = "--species", defaultValue = "setosa,versicolor", split = ",", paramLabel = "A,B",
            description = "The two species, label 0 then label 1 (default: ${DEFAULT-VALUE}).")
    List<String> species;

    @Option(names = "--features", defaultValue = "sepal_length,sepal_width", split = ",", paramLabel = "F1,F2,...",
            description = "The feature columns (default: ${DEFAULT-VALUE}).")
    List<String> features;

    @Option(names = "--json", description = "Print JSON: {\"species\", \"features\", \"posterior_mean\": {\"w\": [...], "
            + "\"b\"}, \"posterior_sd\": {...}, \"training_accuracy\"}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(LogisticRegressionProgram::graphDot);
        OptionChecks.atLeastOne("--steps", steps);
        IrisPair pair = IrisPair.read(SharedData.locate(data, "iris.csv", "--data"), features, species);
        LogisticFit fit;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "logistic regression", steps)) {
            fit = LogisticFit.fit(pair, steps, seed, progress);
        }
        var mapper = new ObjectMapper();
        ObjectNode report = mapper.createObjectNode();
        species.forEach(report.putArray("species")::add);
        features.forEach(report.putArray("features")::add);
        ObjectNode mean = report.putObject("posterior_mean");
        Arrays.stream(fit.weightMeans()).forEach(mean.putArray("w")::add);
        mean.put("b", fit.biasMean());
        ObjectNode sd = report.putObject("posterior_sd");
        Arrays.stream(fit.weightSds()).forEach(sd.putArray("w")::add);
        sd.put("b", fit.biasSd());
        report.put("training_accuracy", fit.accuracy());
        report.put("flowers", pair.labels().numElements());

        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("Logistic regression, %s (label 0) vs %s (label 1), %d flowers; %d SVI steps, seed %d%n%n",
                    species.get(0), species.get(1), pair.labels().numElements(), steps, seed);
            out.println("posterior (mean-field normal guide), weights on standardised features:");
            for (int j = 0; j < features.size(); j++) {
                out.printf("  w[%-13s] = %8.4f +/- %.4f   (%.4f per cm of the raw feature)%n", features.get(j),
                        fit.weightMeans()[j], fit.weightSds()[j], fit.weightMeans()[j] / pair.sds()[j]);
            }
            out.printf("  b                = %8.4f +/- %.4f%n", fit.biasMean(), fit.biasSd());
            out.printf("%ntraining accuracy with the posterior-mean weights = %.4f%n", fit.accuracy());
        }
        out.flush();
        return 0;
    }
}
