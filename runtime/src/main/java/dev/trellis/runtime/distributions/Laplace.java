package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The Laplace (double exponential) distribution with location {@code loc} and scale {@code scale}, as
 * {@code torch.distributions.Laplace}: density {@code exp(-|x - loc| / scale) / (2 scale)}.
 *
 * <p>Parameters: {@code loc} real, {@code scale > 0}, broadcast to the batch shape. Support: the real line.
 *
 * <p>{@link #rsample(Rng)} is torch's inverse CDF: {@code u} uniform on {@code [eps - 1, 1)} (eps the double machine
 * epsilon, so {@code |u| < 1} and the logarithm stays finite), then {@code loc - scale sign(u) log1p(-|u|)}. The
 * log-density is not differentiable in {@code x} or {@code loc} where {@code x = loc}; there, as torch's {@code abs},
 * the gradient is 0. No deviation from torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Laplace extends LocationScaleFamily {

    private static final double EPSILON = Math.ulp(1.0);

    private Laplace(Tensor loc, Tensor scale) {
        super(loc, scale);
    }

    /**
     * Creates a Laplace distribution; the parameters broadcast to the batch shape.
     *
     * @param loc the location (mean and median), real
     * @param scale the scale, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value of an invalid entry, or if the shapes
     *     do not broadcast
     */
    public static Laplace of(Tensor loc, Tensor scale) {
        Tensor[] checked = checkedParameters("Laplace", loc, scale);
        return new Laplace(checked[0], checked[1]);
    }

    /**
     * Creates a scalar Laplace distribution.
     *
     * @param loc the location, real
     * @param scale the scale, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if a parameter is invalid
     */
    public static Laplace of(double loc, double scale) {
        return of(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /** {@return the location, broadcast to the batch shape} */
    public Tensor loc() {
        return loc;
    }

    /** {@return the scale, broadcast to the batch shape} */
    public Tensor scale() {
        return scale;
    }

    /** {@return {@code -log(2 scale) - |x - loc| / scale}}, without the support check that {@link #logProb} adds */
    @Override
    Tensor logDensity(Tensor value) {
        return scale.mul(2).log().neg().sub(value.sub(loc).abs().div(scale));
    }

    /** torch's inverse CDF, see the class comment: {@code -sign(u) log1p(-|u|)}, {@code u} on {@code [eps - 1, 1)}. */
    @Override
    double standardDraw(Rng rng) {
        double u = (EPSILON - 1) + (2 - EPSILON) * rng.nextDouble();
        return -Math.signum(u) * Math.log1p(-Math.abs(u));
    }

    @Override
    public Tensor mean() {
        return loc;
    }

    /** {@return {@code 2 scale^2}} */
    @Override
    public Tensor variance() {
        return scale.square().mul(2);
    }

    /** {@return {@code 1 + log(2 scale)}} */
    @Override
    public Tensor entropy() {
        return scale.mul(2).log().add(1);
    }

    @Override
    Laplace withParameters(Tensor loc, Tensor scale) {
        return new Laplace(loc, scale);
    }
}
