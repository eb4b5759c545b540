package dev.trellis.samples.gaussian;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The MAP fit of a {@link GaussianHmm} to one series: an {@link AutoDelta} guide on every table (parameters named after
 * their sites), Adam, and {@code Trace_ELBO} on the generated {@link GaussianHmmProgram}, which is exact here since the
 * states are summed out and a point-mass guide has {@code log q = 0}. Each loss is {@code -log p(series, tables)} at
 * the tables before that step's update.
 *
 * @param start the tables training started from
 * @param losses the loss of each step
 * @param params the fitted tables, constrained: {@code probs_init}, {@code probs_x}, {@code locs}, {@code scales}
 */
public record GaussianHmmFit(Map<String, Tensor> start, double[] losses, Map<String, Tensor> params) {

    /** Default learning rate: the means move by about this much per step early on, in units of the readings. */
    public static final double DEFAULT_LR = 0.1;
    /** Default number of SVI steps. */
    public static final int DEFAULT_STEPS = 300;

    /**
     * Fits {@code states} states to {@code series} from {@link #randomStart}.
     *
     * @param seed seeds the random start
     * @param listener told of each step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static GaussianHmmFit run(double[] series, int states, int steps, double lr, long seed,
            TrainingListener listener) {
        Map<String, Tensor> start = randomStart(series, states, seed);
        GaussianHmmProgram model = new GaussianHmmProgram(new GaussianHmm(states), series);
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(start));
        SviFit result = SviFit.train(model, guide, Adam.withLearningRate(lr), steps, seed, listener);
        return new GaussianHmmFit(start, result.losses(), guide.median(result.store()));
    }

    /**
     * A random start that knows nothing of the true parameters: the means at K distinct readings drawn at random and
     * spread out as k-means++ seeds are (see {@link #spreadReadings}), every scale the standard deviation of the series
     * over K, the initial distribution uniform and each transition row half "stay", the rest spread evenly.
     *
     * @throws IllegalArgumentException if the series has fewer than K distinct readings, or is constant
     */
    public static Map<String, Tensor> randomStart(double[] series, int states, long seed) {
        double[] distinct = Arrays.stream(series).distinct().toArray();
        if (distinct.length < states) {
            throw new IllegalArgumentException("the series has " + distinct.length + " distinct readings, too few to "
                    + "start " + states + " states at distinct means");
        }
        double[] locs = spreadReadings(distinct, states, Rng.seeded(seed));
        double mean = Arrays.stream(series).average().orElseThrow();
        double variance = Arrays.stream(series).map(v -> (v - mean) * (v - mean)).sum() / series.length;
        if (variance == 0) {
            throw new IllegalArgumentException("the series is constant: no scale to start from");
        }
        double scale = Math.sqrt(variance) / states;
        double[][] transition = new double[states][states];
        for (int i = 0; i < states; i++) {
            for (int j = 0; j < states; j++) {
                transition[i][j] = (i == j ? 0.5 : 0.0) + 0.5 / states;
            }
        }
        Map<String, Tensor> start = new LinkedHashMap<>();
        start.put("probs_init", Tensor.full(1.0 / states, states));
        start.put("probs_x", Tensor.matrix(transition));
        start.put("locs", Tensor.vector(locs));
        start.put("scales", Tensor.full(scale, states));
        return start;
    }

    /**
     * K of the distinct readings, drawn as k-means++ draws its seeds: the first uniformly, each next one with
     * probability proportional to its squared distance from the nearest reading drawn so far. Two means started in one
     * cluster of readings tend to stay there while a third state covers two clusters (a local optimum of the
     * likelihood); spreading the draws makes that start unlikely without looking at the truth.
     */
    static double[] spreadReadings(double[] distinct, int states, Rng rng) {
        double[] chosen = new double[states];
        chosen[0] = distinct[rng.nextInt(distinct.length)];
        double[] nearest = new double[distinct.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int k = 1; k < states; k++) {
            double total = 0;
            for (int i = 0; i < distinct.length; i++) {
                double d = distinct[i] - chosen[k - 1];
                nearest[i] = Math.min(nearest[i], d * d);
                total += nearest[i];
            }
            double u = rng.nextDouble() * total;
            int pick = -1;
            for (int i = 0; i < distinct.length && u >= 0; i++) {
                if (nearest[i] > 0) {   // a reading already drawn has weight 0 and is never drawn again
                    pick = i;
                    u -= nearest[i];
                }
            }
            chosen[k] = distinct[pick];
        }
        return chosen;
    }
}
