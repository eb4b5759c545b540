package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * {@code y = softplus(x) = log(1 + exp(x))} from the reals to the positive reals: torch's
 * {@code SoftplusTransform}, which Pyro registers for {@code softplus_positive} in both {@code biject_to} and
 * {@code transform_to}, so that autoguide scale parameters are stored through it. Element-wise and bijective.
 *
 * <p>The inverse is torch's {@code log(-expm1(-y)) + y}, which keeps its digits for large {@code y} where
 * {@code log(expm1(y))} would overflow. The log-determinant is {@code log sigmoid(x) = -softplus(-x)}.
 *
 * <p>One deviation from torch: torch's {@code softplus} returns {@code x} itself above {@code x = 20}, while
 * {@link Tensor#softplus()} is exact everywhere; the two differ there by less than {@code exp(-20) = 2.1e-9}.
 *
 * <p>Immutable, so thread-safe.
 */
public record SoftplusTransform() implements Transform {

    @Override
    public Tensor forward(Tensor x) {
        return x.softplus();
    }

    @Override
    public Tensor inverse(Tensor y) {
        return y.neg().expm1().neg().log().add(y);
    }

    /** {@return {@code -softplus(-x)}: the slope of softplus is {@code sigmoid(x)}} */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return x.logSigmoid();
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

    /** {@return torch's repr, {@code SoftplusTransform()}} */
    @Override
    public String toString() {
        return "SoftplusTransform()";
    }
}
