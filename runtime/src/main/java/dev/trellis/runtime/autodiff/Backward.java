package dev.trellis.runtime.autodiff;

import org.jspecify.annotations.Nullable;

/**
 * The vector-Jacobian product of one operation: how an adjoint of its output flows back to its inputs.
 *
 * <p>Each operation supplies its own, capturing the input and output values it needs (tensors are immutable,
 * so capturing their arrays is safe). This is Stan Math's {@code vari::chain()}: every operation knows its own
 * backward, and the engine only orders the calls.
 *
 * <p>Implementations must be thread-safe, reading only what they captured: several threads may differentiate one graph
 * at once.
 */
@FunctionalInterface
public interface Backward {

    /**
     * Adds this operation's vector-Jacobian product to the adjoints of its inputs.
     *
     * <p>Implementations must only <em>add</em> into {@code inputAdjoints} and must not keep or modify
     * {@code outputAdjoint}: two slots may be the same array when one tensor is passed twice (as in
     * {@code x.mul(x)}), and the engine reuses buffers.
     *
     * @param outputAdjoint the adjoint of the output, row-major, one entry per output element; read only
     * @param inputAdjoints one buffer per input in the order the inputs were recorded, row-major in that
     *     input's shape, or null for an input that does not require grad (skip the work for it)
     */
    void accumulate(double[] outputAdjoint, double[] @Nullable [] inputAdjoints);
}
