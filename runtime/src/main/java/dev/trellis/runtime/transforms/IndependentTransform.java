package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * A transform applied to events of {@code reinterpretedDims} more dimensions, as torch's {@code IndependentTransform}:
 * the map is the base's, and the log-determinant is summed over the extra dimensions. It is what
 * {@code biject_to(independent(c, n))} returns, e.g. for the real vectors a MultivariateNormal lives on.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param base the transform applied entry by entry (or event by event)
 * @param reinterpretedDims how many more dimensions form one event
 */
public record IndependentTransform(Transform base, int reinterpretedDims) implements Transform {

    public IndependentTransform {
        if (reinterpretedDims < 0) {
            throw new IllegalArgumentException("reinterpretedDims must be >= 0, got " + reinterpretedDims);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return base.forward(x);
    }

    @Override
    public Tensor inverse(Tensor y) {
        return base.inverse(y);
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return EventShapes.sumRightmost(base.logAbsDetJacobian(x, y), reinterpretedDims);
    }

    @Override
    public int domainEventDim() {
        return base.domainEventDim() + reinterpretedDims;
    }

    @Override
    public int codomainEventDim() {
        return base.codomainEventDim() + reinterpretedDims;
    }

    @Override
    public boolean isBijective() {
        return base.isBijective();
    }

    @Override
    public int[] forwardShape(int[] shape) {
        return base.forwardShape(shape);
    }

    @Override
    public int[] inverseShape(int[] shape) {
        return base.inverseShape(shape);
    }
}
