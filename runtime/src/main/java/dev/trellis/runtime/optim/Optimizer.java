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
 *
 * <p>An optimizer's state (moments, momentum buffers, step counts, a decayed learning rate) can be read as named
 * tensors and restored, so that a training checkpoint resumes exactly where it stopped.
 *
 * <p>Implementations are not thread-safe: an optimizer belongs to one training run.
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
     * {@return the optimizer's state after the last completed step, as named tensors} Names are
     * {@code <slot>:<parameter>} for per-parameter state (torch's names: {@code exp_avg}, {@code exp_avg_sq},
     * {@code step}, {@code momentum_buffer}) and a bare slot name for state of the whole optimizer (ClippedAdam's
     * {@code lr}). Empty before the first step.
     */
    Map<String, Tensor> state();

    /**
     * Replaces the state with one {@link #state()} returned, from an optimizer of the same kind and settings: the
     * steps that follow are then those the saved optimizer would have taken.
     *
     * @throws IllegalArgumentException naming the entry if a name is not one of this optimizer's slots or a value is
     *     malformed; the state is then unchanged
     */
    void restoreState(Map<String, Tensor> state);
}
