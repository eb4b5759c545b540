package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.factorisation.MatrixFactorisationProgram;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.samples.factorisation.FactorisationFit;
import dev.trellis.samples.factorisation.SyntheticRatings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Bayesian matrix factorisation on simulated ratings, judged by the RMSE on held-out entries. */
@Command(
        name = "matrix-factorisation",
        mixinStandardHelpOptions = true,
        description = {"Simulate users x items ratings from known rank-k factors plus Normal(0, sigma) noise, hold some "
                + "entries out, fit Bayesian matrix factorisation by SVI on the rest and print the held-out RMSE.",
                "The noise alone gives an RMSE of about sigma, the best any predictor can do."})
final class MatrixFactorisationCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "" + FactorisationFit.STEPS,
            description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the guide's start and draws (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-seed", defaultValue = "1", description = "Seed of the simulated ratings (default: "
            + "${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--users", defaultValue = "100", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "80", description = "Items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--rank", defaultValue = "3", description = "Latent dimension k (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--sigma", defaultValue = "0.5", description = "Noise standard deviation (default: "
            + "${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--held-out", defaultValue = "0.2", description = "Fraction of entries held out (default: "
            + "${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--json", description = "Print JSON: {\"users\", \"items\", \"rank\", \"sigma\", \"held_out_entries\", "
            + "\"held_out_rmse\", \"training_rmse\", \"truth_held_out_rmse\"}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        graph.writeIfAsked(MatrixFactorisationProgram::graphDot);
        OptionChecks.atLeastOne("--steps", steps);
        SyntheticRatings data = SyntheticRatings.simulate(users, items, rank, sigma, heldOut, dataSeed);
        FactorisationFit fit;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "matrix factorisation", steps)) {
            fit = FactorisationFit.fit(data, steps, seed, progress);
        }
        var mapper = new ObjectMapper();
        ObjectNode report = mapper.createObjectNode();
        report.put("users", users);
        report.put("items", items);
        report.put("rank", rank);
        report.put("sigma", sigma);
        report.put("held_out_entries", data.heldOutCount());
        report.put("held_out_rmse", fit.heldOutRmse());
        report.put("training_rmse", fit.trainingRmse());
        report.put("truth_held_out_rmse", fit.truthHeldOutRmse());

        PrintWriter out = spec.commandLine().getOut();
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("Matrix factorisation: %d users x %d items, rank %d, noise sigma %s; %d entries held out; "
                    + "%d SVI steps, seed %d%n%n", users, items, rank, sigma, data.heldOutCount(), steps, seed);
            out.printf("held-out RMSE (posterior-mean predictions) = %.4f  (%.3f sigma)%n", fit.heldOutRmse(),
                    fit.heldOutRmse() / sigma);
            out.printf("held-out RMSE of the true factors           = %.4f  (the noise floor)%n",
                    fit.truthHeldOutRmse());
            out.printf("training RMSE                              = %.4f%n", fit.trainingRmse());
        }
        out.flush();
        return 0;
    }
}
