package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The Cauchy distribution with median {@code loc} and half-width {@code scale}, as {@code torch.distributions.Cauchy}.
 *
 * <p>Parameters: {@code loc} real, {@code scale > 0}, broadcast to the batch shape. Support: the real line,
 * infinities included ({@code logProb(Infinity) = -Infinity}). The moments do not exist: {@link #mean()} is NaN and
 * {@link #variance()} is {@code +Infinity}, as torch returns them.
 *
 * <p>{@link #rsample(Rng)} is {@code loc + scale * tan(pi (u - 1/2))} with {@code u} from {@link Rng#nextDouble()}, the
 * inverse CDF torch's {@code cauchy_} uses. No deviation from torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Cauchy extends LocationScaleFamily {

    private static final double LOG_PI = Math.log(Math.PI);
    private static final double LOG_FOUR_PI = Math.log(4 * Math.PI);

    private Cauchy(Tensor loc, Tensor scale) {
        super(loc, scale);
    }

    /**
     * Creates a Cauchy distribution; the parameters broadcast to the batch shape.
     *
     * @param loc the median, real
     * @param scale the half width at half maximum, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value of an invalid entry, or if the shapes
     *     do not broadcast
     */
    public static Cauchy of(Tensor loc, Tensor scale) {
        Tensor[] checked = checkedParameters("Cauchy", loc, scale);
        return new Cauchy(checked[0], checked[1]);
    }

    /**
     * Creates a scalar Cauchy distribution.
     *
     * @param loc the median, real
     * @param scale the half width, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if a parameter is invalid
     */
    public static Cauchy of(double loc, double scale) {
        return of(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /** {@return the median, broadcast to the batch shape} */
    public Tensor loc() {
        return loc;
    }

    /** {@return the half width, broadcast to the batch shape} */
    public Tensor scale() {
        return scale;
    }

    /**
     * {@return {@code -log pi - log scale - log1p(((x - loc) / scale)^2)}}, without the support check that
     * {@link #logProb} adds, for {@link HalfCauchy}
     */
    @Override
    Tensor logDensity(Tensor value) {
        return value.sub(loc).div(scale).square().log1p().neg().sub(scale.log()).sub(LOG_PI);
    }

    /** Draws by the inverse CDF; {@code u = 0} gives {@code tan(-pi/2)}, about -1.6e16, still finite. */
    @Override
    double standardDraw(Rng rng) {
        return Math.tan(Math.PI * (rng.nextDouble() - 0.5));
    }

    /** {@return NaN in every batch member, as torch: the mean does not exist} */
    @Override
    public Tensor mean() {
        return Tensor.full(Double.NaN, batchShape());
    }

    /** {@return {@code +Infinity} in every batch member, as torch} */
    @Override
    public Tensor variance() {
        return Tensor.full(Double.POSITIVE_INFINITY, batchShape());
    }

    /** {@return {@code log(4 pi) + log scale}} */
    @Override
    public Tensor entropy() {
        return scale.log().add(LOG_FOUR_PI);
    }

    @Override
    Cauchy withParameters(Tensor loc, Tensor scale) {
        return new Cauchy(loc, scale);
    }
}
