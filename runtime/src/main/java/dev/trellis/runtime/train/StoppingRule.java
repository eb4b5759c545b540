package dev.trellis.runtime.train;

import java.util.Optional;

/**
 * Decides from the losses so far whether training should stop before its planned steps: early stopping. The
 * {@link Trainer} asks after every step, and once before the first step of a resumed run. A rule decides from the
 * losses alone, which a checkpoint saves, so a resumed run stops where the uninterrupted one would have.
 *
 * <p>Implementations should be immutable, so thread-safe.
 */
@FunctionalInterface
public interface StoppingRule {

    /**
     * @param losses the losses of every step so far
     * @return why training should stop now (logged and kept in {@link TrainingResult#stoppedEarly()}), or empty to
     *     go on
     */
    Optional<String> check(LossHistory losses);
}
