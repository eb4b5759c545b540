package dev.trellis.samples.gaussian;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The true parameters a series is simulated from, and the simulation: K states whose means climb in steps of
 * {@link #SPACING} (each moved by up to a quarter of a step), scales between 0.5 and 1, so that neighbouring states
 * overlap and a reading alone does not always tell its state; sticky transitions (the chain stays with probability
 * 0.85 to 0.95 and leaves to the other states in random proportions); a uniform initial distribution.
 *
 * @param params the true {@code probs_init} [K], {@code probs_x} [K, K], {@code locs} [K] and {@code scales} [K]
 * @param states the true hidden state at each step
 * @param series the readings
 */
public record GaussianTruth(Map<String, Tensor> params, int[] states, double[] series) {

    /** The distance between the means of neighbouring states, in units of the readings. */
    public static final double SPACING = 2.5;

    /**
     * Draws true parameters for {@code states} states, then a series of {@code steps} readings from the model at them.
     *
     * @param states K, at least 1
     * @param steps T, at least 1
     * @param seed seeds the parameters and the series
     */
    public static GaussianTruth simulate(int states, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("a series needs at least one step, got " + steps);
        }
        GaussianHmm model = new GaussianHmm(states);
        Rng rng = Rng.seeded(seed);
        Map<String, Tensor> params = parameters(states, rng);
        GaussianHmmInference.Simulation draw = new GaussianHmmInference(model, params).simulate(steps, rng.split());
        return new GaussianTruth(params, draw.x(), draw.y());
    }

    /** {@return the true parameters of {@code states} states drawn from {@code rng}} */
    static Map<String, Tensor> parameters(int states, Rng rng) {
        double[] locs = new double[states];
        double[] scales = new double[states];
        double[][] transition = new double[states][states];
        for (int k = 0; k < states; k++) {
            locs[k] = SPACING * (k - (states - 1) / 2.0) + SPACING * 0.5 * (rng.nextDouble() - 0.5);
            scales[k] = 0.5 + 0.5 * rng.nextDouble();
            double stay = states == 1 ? 1.0 : 0.85 + 0.1 * rng.nextDouble();
            double[] leave = new double[states];
            double total = 0;
            for (int j = 0; j < states; j++) {
                leave[j] = j == k ? 0 : 0.2 + rng.nextDouble();
                total += leave[j];
            }
            for (int j = 0; j < states; j++) {
                transition[k][j] = j == k ? stay : (1 - stay) * leave[j] / total;
            }
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("probs_init", Tensor.full(1.0 / states, states));
        params.put("probs_x", Tensor.matrix(transition));
        params.put("locs", Tensor.vector(locs));
        params.put("scales", Tensor.vector(scales));
        return params;
    }
}
