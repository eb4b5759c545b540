package dev.trellis.runtime.train;

/**
 * Told what a {@link Trainer} does: its start, every completed step, its end. A progress bar, a log, an evaluation
 * every so many steps. Every method does nothing by default.
 *
 * <p>Listeners run on the training thread, in the order they were added, between steps; an exception from one
 * stops training and reaches the caller of {@link Trainer#run()} (a checkpoint written before stays valid).
 * Implementations need not be thread-safe.
 */
public interface TrainingListener {

    /**
     * Called once per {@link Trainer#run()}, before its first step.
     *
     * @param stepsDone steps already completed (non-zero when resumed from a checkpoint or run again)
     * @param steps the step the run will stop at unless a stopping rule ends it sooner
     */
    default void onStart(int stepsDone, int steps) {
    }

    /**
     * Called after every completed step, once its update is installed.
     *
     * @param step the step's number, from 1
     * @param loss the loss the step returned (-ELBO before its update)
     */
    default void afterStep(int step, double loss) {
    }

    /** Called once when the run ends normally: the planned steps are done or a stopping rule fired. */
    default void onEnd(TrainingResult result) {
    }
}
