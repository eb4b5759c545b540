package dev.trellis.runtime.params;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a training run stands, beside its parameters: what a checkpoint must hold for a resumed run to continue
 * exactly as the uninterrupted one would have. {@link ParamStoreFile#save(ParamStore, TrainingState, java.nio.file.Path)}
 * writes it with the parameters, {@link ParamStoreFile#loadTrainingState} reads it back.
 *
 * <p>Immutable (the arrays are copied in and out), so thread-safe.
 *
 * @param step the number of steps completed
 * @param optimizer the optimizer's state after that step ({@code Optimizer.state()})
 * @param rng the position of the run's random stream after that step
 * @param losses the loss of every step so far, in order; {@code step} of them
 */
public record TrainingState(int step, Map<String, Tensor> optimizer, Rng.State rng, double[] losses) {

    /**
     * @throws IllegalArgumentException if the step is negative, the losses are not {@code step} finite numbers, or an
     *     optimizer entry is not finite
     */
    public TrainingState {
        Objects.requireNonNull(rng, "rng");
        if (step < 0) {
            throw new IllegalArgumentException("a training state's step must be non-negative, got " + step);
        }
        if (losses.length != step) {
            throw new IllegalArgumentException("a training state after " + step + " steps needs " + step
                    + " losses, got " + losses.length);
        }
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new IllegalArgumentException("loss of step " + (i + 1) + " is " + losses[i]
                        + "; a completed step's loss is finite");
            }
        }
        optimizer.forEach((name, value) -> {
            double[] values = value.toArray();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("optimizer state '" + name + "' holds " + values[i]
                            + " at index " + i);
                }
            }
        });
        optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        losses = losses.clone();
    }

    /** {@return a copy of the losses} */
    @Override
    public double[] losses() {
        return losses.clone();
    }
}
