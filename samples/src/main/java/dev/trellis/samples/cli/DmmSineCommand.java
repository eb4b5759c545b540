package dev.trellis.samples.cli;

import picocli.CommandLine.Mixin;
import dev.trellis.samples.dmm.DmmProgram;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.random.Rng;
import dev.trellis.samples.dmm.SineDmmFit;
import dev.trellis.samples.dmm.SineSeries;
import dev.trellis.samples.files.OutputFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The seed tutorial's Deep Markov Model ({@code samples/dmm}: {@code Dmm} and {@code DmmGuide}, through the programs
 * Trellis generates from them) on its synthetic sine series, trained by SVI with ClippedAdam.
 */
@Command(
        name = "dmm-sine",
        mixinStandardHelpOptions = true,
        description = {"Train the seed tutorial's Deep Markov Model on its sine series: z_t = sin(0.2 t) + 0.05 t, "
                + "x_t = z_t + Normal(0, 0.5^2).",
                "ClippedAdam (lr 0.003, betas 0.96,0.999, clip 10), one-particle Trace_ELBO; prints the ELBO and the "
                        + "guide's posterior mean of z beside the true latent."})
final class DmmSineCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    @Mixin
    ProductsOption products;


    /** The losses whose mean the report gives, as the golden file's mean_last_200. */
    static final int LAST_LOSSES = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "3000", description = "SVI steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--length", defaultValue = "40", description = "Steps T of the series (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seeds the networks' initialisation and the guide's draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-seed", defaultValue = "2024",
            description = "Seeds the series' noise (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--annealing", defaultValue = "1.0",
            description = "KL annealing factor of the z sites, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double annealing;

    @Option(names = "--draws", defaultValue = "200",
            description = "Joint guide draws averaged for the posterior mean of z (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--json", description = {"Print JSON: {\"seed\", \"data_seed\", \"steps\", \"length\", "
            + "\"annealing\", \"losses\", \"first_loss\", \"mean_last_200_losses\", \"elbo\", \"obs_scale\",",
            "\"true_latent\", \"observations\", \"posterior_mean_z\" ([T][z_dim]), \"emitted_mean\", "
                    + "\"rmse_emitted_vs_latent\", \"rmse_observations_vs_latent\"}."})
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write a PNG: the loss per step, and the series with the guide's posterior mean of z.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        return products.during(this::run);
    }

    private Integer run() throws IOException {
        OutputFiles.requireWritable(plot, "--plot");
        graph.writeIfAsked(DmmProgram::graphDot);
        if (steps < 1 || length < 1 || draws < 1) {
            throw new IllegalArgumentException("--steps, --length and --draws must be at least 1, got " + steps
                    + ", " + length + " and " + draws);
        }
        if (!(annealing > 0 && annealing <= 1)) {
            throw new IllegalArgumentException("--annealing must be in (0, 1], got " + annealing);
        }
        SineSeries series = SineSeries.draw(length, Rng.seeded(dataSeed));
        SineDmmFit fit;
        try (var progress = new TrainingProgress(spec.commandLine().getErr(), "DMM, sine series", steps)) {
            fit = SineDmmFit.train(series.observations(), steps, annealing, draws, Rng.seeded(seed), progress);
        }
        double[] latent = series.latent().toArray();
        double[] observations = series.observations().toArray();
        double[] emitted = fit.emittedMean().toArray();
        double[][] posterior = fit.posteriorMean().toRows();
        PrintWriter out = spec.commandLine().getOut();
        var mapper = new ObjectMapper();
        ObjectNode report = report(mapper, fit, latent, observations, posterior, emitted);
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            print(out, fit, latent, observations, posterior, emitted);
        }
        if (plot != null) {
            DmmSinePlot.write(plot, fit.losses(), latent, observations, posterior, emitted);
            if (!json) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode report(ObjectMapper mapper, SineDmmFit fit, double[] latent, double[] observations,
            double[][] posterior, double[] emitted) {
        ObjectNode report = mapper.createObjectNode();
        report.put("seed", seed);
        report.put("products", products.spelled());
        report.put("data_seed", dataSeed);
        report.put("steps", steps);
        report.put("length", length);
        report.put("annealing", annealing);
        ArrayNode losses = report.putArray("losses");
        for (double loss : fit.losses()) {
            losses.add(loss);
        }
        report.put("first_loss", fit.losses()[0]);
        report.put("mean_last_200_losses", fit.meanOfLastLosses(LAST_LOSSES));
        report.put("elbo", -fit.meanOfLastLosses(LAST_LOSSES));
        report.put("obs_scale", fit.obsScale());
        array(report.putArray("true_latent"), latent);
        array(report.putArray("observations"), observations);
        ArrayNode mean = report.putArray("posterior_mean_z");
        for (double[] row : posterior) {
            array(mean.addArray(), row);
        }
        array(report.putArray("emitted_mean"), emitted);
        report.put("rmse_emitted_vs_latent", rmse(emitted, latent));
        report.put("rmse_observations_vs_latent", rmse(observations, latent));
        return report;
    }

    private void print(PrintWriter out, SineDmmFit fit, double[] latent, double[] observations, double[][] posterior,
            double[] emitted) {
        out.printf("Seed tutorial's Deep Markov Model on a sine series of %d steps (data seed %d): %d SVI steps,%n",
                length, dataSeed, steps);
        out.printf("ClippedAdam (lr 0.003, betas 0.96,0.999, clip 10), one-particle Trace_ELBO, annealing %s, seed %d%n%n",
                annealing, seed);
        int last = Math.min(LAST_LOSSES, steps);
        out.printf("first loss                  = %.4f%n", fit.losses()[0]);
        out.printf("mean of the last %d losses = %.4f   (ELBO about %.4f)%n", last, fit.meanOfLastLosses(last),
                -fit.meanOfLastLosses(last));
        out.printf("obs_scale                   = %.4f   (the series' noise: %.1f)%n%n", fit.obsScale(),
                SineSeries.NOISE);
        out.printf("%4s %10s %10s %12s   %s%n", "t", "latent", "x", "emitter(E z)", "E z (guide, " + draws
                + " draws)");
        for (int t = 0; t < latent.length; t++) {
            var z = new StringBuilder();
            for (double v : posterior[t]) {
                z.append(String.format(" %8.4f", v));
            }
            out.printf("%4d %10.4f %10.4f %12.4f  %s%n", t, latent[t], observations[t], emitted[t], z);
        }
        out.printf("%nRMSE against the latent: emitter at the posterior mean %.4f, observations %.4f%n",
                rmse(emitted, latent), rmse(observations, latent));
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    static double rmse(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }
}
