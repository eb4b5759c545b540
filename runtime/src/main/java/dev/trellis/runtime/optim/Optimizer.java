package dev.trellis.runtime.optim;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Updates learned parameters (in their unconstrained space) from their gradients, one step at a
 * time, with the semantics of the matching {@code torch.optim} / {@code pyro.optim} algorithm.
 *
 * <p>A step is all or nothing: every new value and every new piece of optimizer state is computed
 * and checked first, and only then installed. If a gradient or an updated value is not finite, the
 * step throws {@link dev.trellis.runtime.errors.NonFiniteValueException} naming the parameter and
 * index, and neither the returned parameters nor the optimizer's state have changed.
 */
public interface Optimizer {

    /**
     * Takes one step.
     *
     * @param parameters the current unconstrained values, by name; not modified
     * @param gradients the loss gradient of each parameter, by name, same shapes; a parameter without
     *     a gradient is left as it is and its state does not advance (as torch skips {@code grad is None})
     * @return the new values of every parameter in {@code parameters}
     * @throws dev.trellis.runtime.errors.NonFiniteValueException before any change, if a gradient or a
     *     new value is NaN or infinite
     * @throws IllegalArgumentException if a gradient's shape differs from its parameter's
     */
    Map<String, Tensor> step(Map<String, Tensor> parameters, Map<String, Tensor> gradients);

    /**
     * {@return the state the next step depends on, to save with the parameters} An optimizer restored from it takes the
     * same steps as this one.
     *
     * @throws UnsupportedOperationException if this optimizer cannot save its state
     */
    default OptimizerState state() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot save its state");
    }

    /**
     * Replaces this optimizer's state with a saved one (of an optimizer of the same kind and settings).
     *
     * @throws IllegalArgumentException naming the parameter whose saved buffers do not fit
     * @throws UnsupportedOperationException if this optimizer cannot restore a state
     */
    default void restore(OptimizerState state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore a state");
    }
}
