package dev.trellis.samples.svi;

import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.runtime.train.TrainingResult;
import java.util.Map;

/**
 * A fit as the seed's training loops make it ({@code pyro.clear_param_store()}, then {@code svi.step()} a number of
 * times): a fresh parameter store, one-particle {@link TraceElbo}, the runtime's {@link Trainer}; and what it left.
 *
 * @param store the learned parameters, unconstrained, as after the last step
 * @param training every step's loss
 */
public record SviFit(ParamStore store, TrainingResult training) {

    /**
     * Trains {@code guide} against {@code model}.
     *
     * @param steps how many steps, at least 1
     * @param seed seeds the random stream the guide draws from, so a seed gives the same run every time
     * @param listener told of every step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static SviFit train(Program model, Program guide, Optimizer optimizer, int steps, long seed,
            TrainingListener listener) {
        if (steps < 1) {
            throw new IllegalArgumentException("the number of steps must be at least 1, got " + steps);
        }
        ParamStore store = new ParamStore();
        TrainingResult result = Trainer.of(new Svi(model, guide, optimizer, new TraceElbo(), store)).steps(steps)
                .rng(Rng.seeded(seed)).listener(listener).run();
        return new SviFit(store, result);
    }

    /**
     * Pyro's {@code ClippedAdam} whose learning rate falls geometrically from {@code lr} to {@code lr * drop} over
     * {@code steps} steps ({@code lrd = drop^(1/steps)}), with Pyro's other defaults.
     */
    public static ClippedAdam decayingAdam(double lr, double drop, int steps) {
        return new ClippedAdam(lr, 0.9, 0.999, 1e-8, 0.0, 10.0, Math.pow(drop, 1.0 / Math.max(1, steps)));
    }

    /** {@return a listener that tells {@code listener} of each step as step {@code done + step}: one of several runs} */
    public static TrainingListener after(int done, TrainingListener listener) {
        return new TrainingListener() {
            @Override
            public void afterStep(int step, double loss) {
                listener.afterStep(done + step, loss);
            }
        };
    }

    /** {@return the loss of every step} */
    public double[] losses() {
        return training.losses();
    }

    /** {@return the mean of the last {@code count} losses (of all of them if there are fewer)} */
    public double meanOfLastLosses(int count) {
        return training.meanOfLast(count);
    }

    /** {@return every learned parameter on its constrained scale, as {@code pyro.param(name)} returns it} */
    public Map<String, Tensor> params() {
        return store.constrainedValues();
    }
}
