package dev.trellis.samples.gmm;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The GMM tutorial's MAP fit: an {@link AutoDelta} guide on weights, scale and locs (parameters named after the
 * sites, started at given values), Adam with the given betas, and the assignments summed out by the generated
 * {@link GmmProgram}. Each step's loss is {@code -log p(data, globals)} at the globals before that step's update.
 *
 * @param losses the loss returned by each step
 * @param finalParams the constrained globals after the last update
 */
public record GmmFit(List<Double> losses, Map<String, Tensor> finalParams) {

    /** The tutorial's optimiser settings: Adam with lr 0.1, betas (0.8, 0.99), 50 steps. */
    public static final double TUTORIAL_LR = 0.1;
    public static final double TUTORIAL_BETA1 = 0.8;
    public static final double TUTORIAL_BETA2 = 0.99;
    public static final int TUTORIAL_STEPS = 50;
    /** Pyro's Adam default. */
    private static final double EPS = 1e-8;

    /**
     * Runs the fit.
     *
     * @param data the observations, [N]
     * @param init constrained starting values of weights [K], scale [] and locs [K]
     * @param steps the number of SVI steps
     * @param lr Adam's learning rate
     * @param beta1 Adam's first-moment decay
     * @param beta2 Adam's second-moment decay
     */
    public static GmmFit run(Tensor data, Map<String, Tensor> init, int steps, double lr, double beta1, double beta2) {
        return run(data, init, steps, lr, beta1, beta2, MemberEvaluation.whole());
    }

    /**
     * Runs the fit with the data points evaluated by {@code evaluation} (threads, or a cluster); the losses and the fit
     * are the same, bit for bit, for every evaluation of the same block size.
     *
     * @see #run(Tensor, Map, int, double, double, double)
     */
    public static GmmFit run(Tensor data, Map<String, Tensor> init, int steps, double lr, double beta1, double beta2,
            MemberEvaluation evaluation) {
        if (steps < 0) {
            throw new IllegalArgumentException("the number of steps must not be negative, got " + steps);
        }
        int components = GmmEvaluation.components(init);
        GmmProgram model = new GmmProgram(new Gmm(components), data.toArray(), components);
        model.setMemberEvaluation(evaluation);
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(init));
        ParamStore store = new ParamStore();
        Svi svi = new Svi(model, guide, new Adam(lr, beta1, beta2, EPS, 0.0), new TraceElbo(), store);
        // a Delta guide draws nothing; the stream is never used
        double[] losses = Trainer.of(svi).steps(steps).rng(Rng.seeded(0)).run().losses();
        Map<String, Tensor> finalParams = steps == 0 ? Map.copyOf(init) : guide.median(store);
        return new GmmFit(Arrays.stream(losses).boxed().toList(), finalParams);
    }

    /**
     * A start for {@code components} components in the tutorial's manner (equal weights, {@code scale = sqrt(var(data)
     * / 2)}), the locations at data points spread over the sorted data instead of drawn at random: location i at the
     * datum of rank {@code floor((i + 1/2) N / K)}, so that a run is reproducible. Two components start as
     * {@link #tutorialInit} does.
     *
     * @throws IllegalArgumentException if K is below 1 or above the number of data points
     */
    public static Map<String, Tensor> initFor(Tensor data, int components) {
        double[] x = data.toArray();
        if (components < 1 || components > x.length) {
            throw new IllegalArgumentException("--components must be between 1 and the number of data points ("
                    + x.length + "), got " + components);
        }
        if (components == 2 && x.length >= 4) {
            return tutorialInit(data);
        }
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        double[] locs = new double[components];
        for (int i = 0; i < components; i++) {
            locs[i] = sorted[(int) Math.floor((i + 0.5) * x.length / components)];
        }
        double scale = x.length < 2 ? 1.0 : Math.sqrt(unbiasedVariance(x) / 2);
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the data are all equal, so there is no scale to start from; give "
                    + "--init FILE");
        }
        return Map.of("weights", Tensor.full(1.0 / components, components), "scale", Tensor.scalar(scale),
                "locs", Tensor.vector(locs));
    }

    private static double unbiasedVariance(double[] x) {
        double mean = 0.0;
        for (double v : x) {
            mean += v / x.length;
        }
        double squares = 0.0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (x.length - 1);
    }

    /** {@return what a cluster's executors run: the generated program over some data points, {@code components} components} */
    public static MemberProgramFactory<Double> programs(int components) {
        return points -> new GmmProgram(new Gmm(components), points.stream().mapToDouble(Double::doubleValue).toArray(),
                components);
    }

    /**
     * The tutorial's starting point for two components: equal weights, {@code scale = sqrt(var(data) / 2)} with the
     * unbiased variance, and the locations at {@code data[0]} and {@code data[3]} (the tutorial draws two data points at
     * random; {@code gmm.json} fixes them so that the run is reproducible).
     *
     * @throws IllegalArgumentException if there are fewer than 4 data points
     */
    public static Map<String, Tensor> tutorialInit(Tensor data) {
        double[] x = data.toArray();
        if (data.rank() != 1 || x.length < 4) {
            throw new IllegalArgumentException("the tutorial's initial locations are data[0] and data[3], so it needs "
                    + "at least 4 data points, got " + x.length + "; give --init FILE instead");
        }
        double mean = 0.0;
        for (double v : x) {
            mean += v / x.length;
        }
        double squares = 0.0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        double variance = squares / (x.length - 1);
        return Map.of("weights", Tensor.vector(0.5, 0.5), "scale", Tensor.scalar(Math.sqrt(variance / 2)),
                "locs", Tensor.vector(x[0], x[3]));
    }
}
