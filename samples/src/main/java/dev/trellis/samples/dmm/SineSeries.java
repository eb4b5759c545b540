package dev.trellis.samples.dmm;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The seed tutorial's synthetic series for its Deep Markov Model: a latent path {@code z_t = sin(0.2 t) + 0.05 t} and
 * observations {@code x_t = z_t + 0.5 e_t}, e_t standard normal, for t = 0..T-1.
 *
 * @param latent the true latent path, {@code [T]}
 * @param observations the observations, {@code [T, 1]} (one-dimensional x, as the DMM's data)
 */
public record SineSeries(Tensor latent, Tensor observations) {

    /** The tutorial's noise scale. */
    public static final double NOISE = 0.5;

    /**
     * Draws a series of {@code length} steps.
     *
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public static SineSeries draw(int length, Rng rng) {
        if (length < 1) {
            throw new IllegalArgumentException("a series needs at least one step, got " + length);
        }
        double[] latent = new double[length];
        double[] observations = new double[length];
        for (int t = 0; t < length; t++) {
            latent[t] = Math.sin(0.2 * t) + 0.05 * t;
            observations[t] = latent[t] + NOISE * rng.nextGaussian();
        }
        return new SineSeries(Tensor.of(latent, length), Tensor.of(observations, length, 1));
    }

    public int length() {
        return latent.size(0);
    }
}
