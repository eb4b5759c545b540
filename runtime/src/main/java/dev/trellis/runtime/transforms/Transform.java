package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * A map {@code y = t(x)} from one space to another with its inverse and the log absolute determinant of its
 * Jacobian: torch's {@code torch.distributions.transforms.Transform}, without caching (torch's default
 * {@code cache_size = 0}) and with {@link #inverse} in place of {@code t.inv(y)}.
 *
 * <p><b>Event dimensions.</b> A transform acts on the rightmost {@link #domainEventDim()} dimensions of its input
 * as one value (0: every element on its own; 1: each vector along the last dimension; 2: each matrix), and the
 * leading dimensions are a batch. {@link #logAbsDetJacobian} has one value per batch element: element-wise for
 * domain event dim 0, already summed over the event for the vector transforms, exactly as torch returns it.
 *
 * <p><b>Errors.</b> Where torch raises {@code NotImplementedError} (no log-determinant for a transform that is not
 * bijective) these throw {@link UnsupportedOperationException}; an input with fewer dimensions than the event
 * gives an {@link IllegalArgumentException}.
 *
 * <p>All implementations are immutable values; equality is torch's {@code __eq__} (same type and parameters).
 *
 * <p>Implementations are immutable, so thread-safe.
 */
public interface Transform {

    /**
     * Applies the transform, torch's {@code t(x)}.
     *
     * @param x a value of the domain, with at least {@link #domainEventDim()} dimensions
     * @return {@code y}, of shape {@link #forwardShape(int[]) forwardShape(x.shape())}; differentiable in {@code x}
     */
    Tensor forward(Tensor x);

    /**
     * Applies the inverse, torch's {@code t.inv(y)}. For a transform that is not bijective this is torch's
     * pseudo-inverse, with {@code forward(inverse(y)) = y} on the codomain.
     *
     * @param y a value of the codomain, with at least {@link #codomainEventDim()} dimensions
     * @return {@code x}, of shape {@link #inverseShape(int[]) inverseShape(y.shape())}
     */
    Tensor inverse(Tensor y);

    /**
     * Returns {@code log |det dy/dx|} at {@code x}, given {@code y = forward(x)}, as torch computes it (some
     * transforms use {@code x}, some {@code y}, some both; passing another {@code y} gives torch's answer for it).
     *
     * @param x the input
     * @param y the output {@code forward(x)}
     * @return one value per batch element: shape {@code x.shape()} minus its last {@link #domainEventDim()} sizes
     * @throws UnsupportedOperationException if the transform has no log-determinant in torch
     */
    Tensor logAbsDetJacobian(Tensor x, Tensor y);

    /** {@return how many rightmost dimensions of an input form one value: torch's {@code domain.event_dim}} */
    int domainEventDim();

    /** {@return how many rightmost dimensions of an output form one value: torch's {@code codomain.event_dim}} */
    int codomainEventDim();

    /** {@return whether {@link #inverse} inverts {@link #forward} exactly (torch's {@code bijective})} */
    boolean isBijective();

    /**
     * Returns the shape of {@code forward(x)} for an input of the given shape; the same shape unless overridden.
     *
     * @param shape the input's shape
     * @return the output's shape
     * @throws IllegalArgumentException if the shape has too few dimensions for the transform
     */
    default int[] forwardShape(int[] shape) {
        return shape.clone();
    }

    /**
     * Returns the shape of {@code inverse(y)} for an output of the given shape; the same shape unless overridden.
     *
     * @param shape the output's shape
     * @return the input's shape
     * @throws IllegalArgumentException if the shape has too few dimensions for the transform
     */
    default int[] inverseShape(int[] shape) {
        return shape.clone();
    }
}
