package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * {@code y = exp(x)} from the reals to the positive reals: torch's {@code ExpTransform}. Element-wise; its
 * log-determinant is {@code x} itself, so it stays finite where {@code y} has underflowed to 0 or overflowed to
 * infinity (and {@link #inverse} of such a {@code y} is {@code -inf} or {@code +inf}, as torch's).
 *
 * <p>Immutable, so thread-safe.
 */
public record ExpTransform() implements Transform {

    @Override
    public Tensor forward(Tensor x) {
        return x.exp();
    }

    @Override
    public Tensor inverse(Tensor y) {
        return y.log();
    }

    /** {@return {@code x}: {@code log |d exp(x)/dx| = x}} */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return x;
    }

    @Override
    public int domainEventDim() {
        return 0;
    }

    @Override
    public int codomainEventDim() {
        return 0;
    }

    @Override
    public boolean isBijective() {
        return true;
    }

    /** {@return torch's repr, {@code ExpTransform()}} */
    @Override
    public String toString() {
        return "ExpTransform()";
    }
}
