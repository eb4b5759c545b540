package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * A module with one tensor in and one tensor out, which {@link Sequential} can chain: {@link Linear},
 * {@link Conv1d}, the activations ({@link Relu}, {@link Tanh}, {@link Sigmoid}, {@link Softplus}) and
 * {@link Sequential} itself.
 *
 * <p>Implementations are modules: thread-safe for forward passes, not for runs that bind them at the same time (see
 * {@link Module}).
 */
public abstract class Layer extends Module {

    /** For subclasses. */
    protected Layer() {
    }

    /**
     * Applies the layer to a batch.
     *
     * @param input the input; its leading dimensions are batch dimensions, as the layer's javadoc says
     * @return the output, differentiable in the input and the parameters' current values
     * @throws IllegalArgumentException naming the layer and the shapes if the input does not fit
     */
    public abstract Tensor forward(Tensor input);
}
