package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The normal distribution with mean {@code loc} and standard deviation {@code scale}, as
 * {@code torch.distributions.Normal}.
 *
 * <p>Parameters: {@code loc} real (any number but NaN; infinities pass, as torch's {@code real} constraint lets
 * them), {@code scale > 0}; the two broadcast to the batch shape. Support: the real line, infinities included, where
 * the density is 0 ({@code logProb(Infinity) = -Infinity}, as torch).
 *
 * <p>{@link #rsample(Rng)} is {@code loc + scale * eps} with one {@link Rng#nextGaussian()} per batch member in
 * row-major order; {@link #sample(Rng)} is the same draw detached. No deviation from torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Normal extends LocationScaleFamily {

    /** torch's {@code math.log(math.sqrt(2 * math.pi))}: the constant of the log-density. */
    static final double LOG_SQRT_TWO_PI = Math.log(Math.sqrt(2 * Math.PI));

    static {
        KlDivergence.register(Normal.class, Normal.class, KlNormal::normalNormal);
    }

    private Normal(Tensor loc, Tensor scale) {
        super(loc, scale);
    }

    /**
     * Creates a normal distribution; the parameters broadcast to the batch shape.
     *
     * @param loc the mean, real
     * @param scale the standard deviation, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value of an invalid entry, or if the shapes
     *     do not broadcast
     */
    public static Normal of(Tensor loc, Tensor scale) {
        Tensor[] checked = checkedParameters("Normal", loc, scale);
        return new Normal(checked[0], checked[1]);
    }

    /**
     * Creates a scalar normal distribution.
     *
     * @param loc the mean, real
     * @param scale the standard deviation, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if a parameter is invalid
     */
    public static Normal of(double loc, double scale) {
        return of(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /** {@return the mean, broadcast to the batch shape} */
    public Tensor loc() {
        return loc;
    }

    /** {@return the standard deviation, broadcast to the batch shape} */
    public Tensor scale() {
        return scale;
    }

    /**
     * {@return {@code -(x - loc)^2 / (2 scale^2) - log scale - log sqrt(2 pi)}}, without the support check that
     * {@link #logProb} adds, for families built on this one (LogNormal, HalfNormal); one fused node when the value has
     * the parameters' shape
     */
    @Override
    Tensor logDensity(Tensor value) {
        if (Arrays.equals(value.shape(), loc.shape())) {
            return NormalLogDensityKernel.logDensity(value, loc, scale);
        }
        Tensor variance = scale.square();
        return value.sub(loc).square().div(variance.mul(2)).neg().sub(scale.log()).sub(LOG_SQRT_TWO_PI);
    }

    @Override
    double standardDraw(Rng rng) {
        return rng.nextGaussian();
    }

    @Override
    public Tensor mean() {
        return loc;
    }

    @Override
    public Tensor variance() {
        return scale.square();
    }

    /** {@return {@code 1/2 + log sqrt(2 pi) + log scale}} */
    @Override
    public Tensor entropy() {
        return scale.log().add(0.5 + LOG_SQRT_TWO_PI);
    }

    @Override
    Normal withParameters(Tensor loc, Tensor scale) {
        return new Normal(loc, scale);
    }
}
