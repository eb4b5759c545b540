package dev.trellis.runtime.train;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run of {@link Trainer#run()} leaves, beside the trained parameter store.
 *
 * <p>Immutable (the losses are copied in and out), so thread-safe.
 *
 * @param losses the loss of every step since the first one, resumed steps included (Pyro's {@code svi.step}
 *     values)
 * @param stoppedEarly why a stopping rule ended training before the planned steps, or null
 */
public record TrainingResult(double[] losses, @Nullable String stoppedEarly) {

    public TrainingResult {
        losses = losses.clone();
    }

    /** {@return a copy of the losses} */
    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** {@return the number of completed steps} */
    public int steps() {
        return losses.length;
    }

    /**
     * {@return the mean of the last {@code count} losses (of all of them if there are fewer)}
     *
     * @throws IllegalStateException if no step was taken
     */
    public double meanOfLast(int count) {
        if (losses.length == 0) {
            throw new IllegalStateException("no step was taken, so there is no loss");
        }
        return Arrays.stream(losses, Math.max(0, losses.length - count), losses.length).average().orElseThrow();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingResult result && Arrays.equals(losses, result.losses)
                && Objects.equals(stoppedEarly, result.stoppedEarly);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(losses) + Objects.hashCode(stoppedEarly);
    }

    @Override
    public String toString() {
        return "TrainingResult[steps=" + losses.length + (stoppedEarly == null ? "" : ", stoppedEarly=" + stoppedEarly)
                + "]";
    }
}
