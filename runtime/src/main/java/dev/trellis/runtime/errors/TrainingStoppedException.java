package dev.trellis.runtime.errors;

import org.jspecify.annotations.Nullable;

/**
 * Training stopped because a step produced a non-finite loss, gradient or parameter value. The parameters are as
 * they were before that step: a step is installed only when all of it is finite.
 *
 * <p>The message names the step and what went wrong, e.g.
 * {@code training stopped at step 12: gradient of parameter 'tau_loc' is NaN at index 0; ...} or
 * {@code training stopped at step 3: the loss is NaN (non-finite log-probability at model site 'y'); ...}.
 *
 * <p>Thread-safe: its fields are set when it is made and never change.
 */
public final class TrainingStoppedException extends TrellisException {

    private static final long serialVersionUID = 1L;

    private final int step;
    private final @Nullable String parameter;

    /**
     * @param step the 1-based number of the step that failed
     * @param problem what was not finite, naming the parameter or site
     * @param parameter the parameter concerned, or null when the loss itself was not finite
     * @param cause the underlying exception, or null
     */
    public TrainingStoppedException(int step, String problem, @Nullable String parameter, @Nullable Throwable cause) {
        super("training stopped at step " + step + ": " + problem, cause);
        this.step = step;
        this.parameter = parameter;
    }

    /** {@return the 1-based number of the step that failed} */
    public int step() {
        return step;
    }

    /** {@return the parameter whose gradient or new value was not finite, or null if the loss was not} */
    public @Nullable String parameter() {
        return parameter;
    }
}
