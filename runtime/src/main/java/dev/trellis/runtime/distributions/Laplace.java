package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

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
 */
public final class Laplace implements Distribution {

    private static final double EPSILON = Math.ulp(1.0);

    private final Tensor loc;
    private final Tensor scale;

    private Laplace(Tensor loc, Tensor scale) {
        this.loc = loc;
        this.scale = scale;
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
        DistributionChecks.requireParameter("Laplace", "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter("Laplace", "scale", scale, new Constraint.Positive());
        Tensor[] broadcast = FamilyParameters.broadcast("Laplace", loc, scale);
        return new Laplace(broadcast[0], broadcast[1]);
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

    @Override
    public int[] batchShape() {
        return loc.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.Real();
    }

    /** {@return {@code -log(2 scale) - |x - loc| / scale}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return scale.mul(2).log().neg().sub(value.sub(loc).abs().div(scale));
    }

    @Override
    public Tensor sample(Rng rng) {
        return rsample(rng).detach();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        Tensor standard = StandardDraws.of(batchShape(), () -> {
            double u = (EPSILON - 1) + (2 - EPSILON) * rng.nextDouble();
            return -Math.signum(u) * Math.log1p(-Math.abs(u));
        });
        return loc.add(scale.mul(standard));
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

    /** Broadcasts the parameters, so the result is still a {@code Laplace}. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        Tensor[] expanded = FamilyParameters.expand(this, batchShape, loc, scale);
        return new Laplace(expanded[0], expanded[1]);
    }

    /** Returns e.g. {@code Laplace(loc=0.0, scale=1.0)}. */
    @Override
    public String toString() {
        return "Laplace(loc=" + FamilyParameters.text(loc) + ", scale=" + FamilyParameters.text(scale) + ")";
    }
}
