package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * {@code y = sigmoid(x)} from the reals to the unit interval: torch's {@code SigmoidTransform}, including its
 * clamping. torch keeps {@code y} strictly inside (0, 1) by clamping it to {@code [tiny, 1 - eps]} (the smallest
 * normal double, 2.2e-308, and 1 - 2.2e-16), so that {@code log(y)} and {@code log(1 - y)} stay finite
 * downstream; the inverse clamps the same way before taking the logit. Hence {@code forward} saturates from
 * {@code |x|} about 36.7 up and {@code -708}, and {@code inverse(forward(x))} is not {@code x} there.
 *
 * <p>The log-determinant is computed from {@code x} alone, as {@code -softplus(-x) - softplus(x)}, so it is
 * finite ({@code -|x|} asymptotically) even where {@code y} saturates. One deviation: torch's {@code softplus}
 * returns {@code x} itself above 20, Trellis's is exact there; the results differ by under {@code 2.1e-9},
 * which at those {@code |x|} is below {@code 1e-10} relative.
 *
 * <p>Immutable, so thread-safe.
 */
public record SigmoidTransform() implements Transform {

    /** torch's {@code finfo(float64).tiny}, the smallest normal double. */
    static final double TINY = Double.MIN_NORMAL;
    /** torch's {@code 1 - finfo(float64).eps}, the largest double below 1. */
    static final double ONE_MINUS_EPS = 1.0 - Math.ulp(1.0);

    @Override
    public Tensor forward(Tensor x) {
        return clippedSigmoid(x);
    }

    /** {@code log(y) - log1p(-y)} after clamping {@code y} as {@link #forward} does. */
    @Override
    public Tensor inverse(Tensor y) {
        Tensor clamped = y.clamp(TINY, ONE_MINUS_EPS);
        return clamped.log().sub(clamped.neg().log1p());
    }

    /** {@code log sigmoid'(x) = log sigmoid(x) + log sigmoid(-x) = -softplus(-x) - softplus(x)}. */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return x.neg().softplus().neg().sub(x.softplus());
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

    /** {@return torch's repr, {@code SigmoidTransform()}} */
    @Override
    public String toString() {
        return "SigmoidTransform()";
    }

    /** torch's {@code _clipped_sigmoid}, shared with {@link StickBreakingTransform}. */
    static Tensor clippedSigmoid(Tensor x) {
        return x.sigmoid().clamp(TINY, ONE_MINUS_EPS);
    }
}
