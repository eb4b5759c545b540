package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * {@code y = exp(x) / sum(exp(x))} along the last dimension, from {@code K} reals onto the {@code K}-simplex:
 * torch's {@code SoftmaxTransform}, which {@code transform_to(simplex)} returns, so Pyro stores simplex
 * parameters ({@code pyro.param} and AutoDelta) through it. Event dim 1 on both sides.
 *
 * <p>Not bijective: adding a constant to {@code x} gives the same {@code y} (one free value per entry, which is
 * what coordinate-wise optimisers such as Adam want). {@link #inverse} is torch's pseudo-inverse {@code log(y)},
 * one representative of the class, and there is no log-determinant (torch raises NotImplementedError).
 *
 * <p>Immutable, so thread-safe.
 */
public record SoftmaxTransform() implements Transform {

    private static final String NAME = "SoftmaxTransform";

    /** torch's formula: {@code p = exp(x - max(x))}, then {@code p / sum(p)}. */
    @Override
    public Tensor forward(Tensor x) {
        EventShapes.requireRank(NAME, "an input", x.shape(), 1);
        Tensor unnormalised = x.sub(x.max(-1, true)).exp();
        return unnormalised.div(unnormalised.sum(-1, true));
    }

    @Override
    public Tensor inverse(Tensor y) {
        EventShapes.requireRank(NAME, "a simplex value", y.shape(), 1);
        return y.log();
    }

    /**
     * Always throws: the map is not injective, so it has no Jacobian determinant (torch raises
     * NotImplementedError).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        throw new UnsupportedOperationException(NAME + " has no log_abs_det_jacobian (torch raises "
                + "NotImplementedError): softmax is not bijective, since adding a constant to x leaves y unchanged; "
                + "use StickBreakingTransform (biject_to(simplex)) where a density on the unconstrained space is "
                + "needed");
    }

    @Override
    public int domainEventDim() {
        return 1;
    }

    @Override
    public int codomainEventDim() {
        return 1;
    }

    @Override
    public boolean isBijective() {
        return false;
    }

    @Override
    public int[] forwardShape(int[] shape) {
        EventShapes.requireRank(NAME, "an input shape", shape, 1);
        return shape.clone();
    }

    @Override
    public int[] inverseShape(int[] shape) {
        EventShapes.requireRank(NAME, "an output shape", shape, 1);
        return shape.clone();
    }

    /** {@return torch's repr, {@code SoftmaxTransform()}} */
    @Override
    public String toString() {
        return NAME + "()";
    }
}
