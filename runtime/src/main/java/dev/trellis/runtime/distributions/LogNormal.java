package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The log-normal distribution: {@code exp(X)} for {@code X ~ Normal(loc, scale)}, as
 * {@code torch.distributions.LogNormal} (a {@code TransformedDistribution} of a Normal by {@code ExpTransform}).
 *
 * <p>Parameters: {@code loc} real and {@code scale > 0}, of the underlying normal, broadcast to the batch shape.
 * Support: {@code x > 0} (torch's {@code positive}); 0 itself is outside, so {@code logProb(0)} throws, as torch with
 * validation on.
 *
 * <p>{@link #rsample(Rng)} is {@code exp(loc + scale * eps)}, the Normal's draw exponentiated. No deviation from torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class LogNormal implements Distribution {

    private final Normal base;

    private LogNormal(Normal base) {
        this.base = base;
    }

    /**
     * Creates a log-normal distribution; the parameters broadcast to the batch shape.
     *
     * @param loc the mean of the logarithm, real
     * @param scale the standard deviation of the logarithm, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value of an invalid entry, or if the shapes
     *     do not broadcast
     */
    public static LogNormal of(Tensor loc, Tensor scale) {
        DistributionChecks.requireParameter("LogNormal", "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter("LogNormal", "scale", scale, new Constraint.Positive());
        DistributionChecks.batchShapeOf("LogNormal", 0, loc, scale);
        return new LogNormal(Normal.of(loc, scale));
    }

    /**
     * Creates a scalar log-normal distribution.
     *
     * @param loc the mean of the logarithm, real
     * @param scale the standard deviation of the logarithm, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if a parameter is invalid
     */
    public static LogNormal of(double loc, double scale) {
        return of(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /** {@return the mean of the logarithm, broadcast to the batch shape} */
    public Tensor loc() {
        return base.loc();
    }

    /** {@return the standard deviation of the logarithm, broadcast to the batch shape} */
    public Tensor scale() {
        return base.scale();
    }

    @Override
    public int[] batchShape() {
        return base.batchShape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.Positive();
    }

    /** {@return the Normal's log-density at {@code log x}, minus {@code log x} (the log-Jacobian of exp)} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor logValue = value.log();
        return base.logDensity(logValue).sub(logValue);
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
        return base.rsample(rng).exp();
    }

    /** {@return {@code exp(loc + scale^2 / 2)}} */
    @Override
    public Tensor mean() {
        return loc().add(scale().square().div(2)).exp();
    }

    /** {@return {@code expm1(scale^2) exp(2 loc + scale^2)}, with expm1 so that small scales keep their digits} */
    @Override
    public Tensor variance() {
        Tensor scaleSquared = scale().square();
        return scaleSquared.expm1().mul(loc().mul(2).add(scaleSquared).exp());
    }

    /** {@return the Normal's entropy plus {@code loc}, the expected log-Jacobian} */
    @Override
    public Tensor entropy() {
        return base.entropy().add(loc());
    }

    /** Broadcasts the parameters, so the result is still a {@code LogNormal}. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        FamilyParameters.expand(this, batchShape);   // only for its check, whose message names this LogNormal
        return new LogNormal((Normal) base.expand(batchShape));
    }

    /** Returns e.g. {@code LogNormal(loc=0.0, scale=1.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe("LogNormal", "loc", loc(), "scale", scale());
    }
}
