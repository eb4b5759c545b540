package dev.trellis.samples.svi;

import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Runs SVI for a fixed number of steps from an empty parameter store, as the seed's training loops do
 * ({@code pyro.clear_param_store()}, then {@code svi.step()} in a loop), and keeps every loss.
 */
public final class Training {

    /**
     * What a run of training leaves behind.
     *
     * @param store the learned parameters, unconstrained, as after the last step
     * @param losses the loss returned by each step, in order (Pyro's {@code svi.step} values)
     */
    public record Result(ParamStore store, double[] losses) {

        /** {@return the mean of the last {@code count} losses (of all of them if there are fewer)} */
        public double meanOfLastLosses(int count) {
            int from = Math.max(0, losses.length - count);
            return Arrays.stream(losses, from, losses.length).average().orElse(Double.NaN);
        }
    }

    private Training() {
    }

    /**
     * Pyro's {@code ClippedAdam} whose learning rate falls geometrically from {@code lr} to {@code lr * drop} over
     * {@code steps} steps ({@code lrd = drop^(1/steps)}), with Pyro's other defaults.
     */
    public static ClippedAdam decayingAdam(double lr, double drop, int steps) {
        return new ClippedAdam(lr, 0.9, 0.999, 1e-8, 0.0, 10.0, Math.pow(drop, 1.0 / Math.max(1, steps)));
    }

    /**
     * Trains {@code guide} against {@code model} with {@link TraceElbo} (one particle).
     *
     * @param steps how many steps to take, at least 1
     * @param seed seeds the random stream the guide draws from, so a seed gives the same run every time
     * @param afterStep told the number of steps completed after each step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static Result run(Program model, Program guide, Optimizer optimizer, int steps, long seed,
            IntConsumer afterStep) {
        if (steps < 1) {
            throw new IllegalArgumentException("the number of steps must be at least 1, got " + steps);
        }
        var store = new ParamStore();
        var svi = new Svi(model, guide, optimizer, new TraceElbo(), store);
        Rng rng = Rng.seeded(seed);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = svi.step(rng);
            afterStep.accept(step + 1);
        }
        return new Result(store, losses);
    }
}
