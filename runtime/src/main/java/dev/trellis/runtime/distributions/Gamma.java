package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The gamma distribution with shape {@code concentration} (alpha) and {@code rate} (beta, the inverse scale), as
 * {@code torch.distributions.Gamma}: density {@code beta^alpha x^(alpha-1) e^(-beta x) / Gamma(alpha)} on the
 * support {@code x >= 0} (torch's {@code nonnegative}, so 0 is a valid value: its log-density is {@code +Infinity}
 * for alpha &lt; 1, {@code log beta} for alpha = 1 and {@code -Infinity} for alpha &gt; 1).
 *
 * <p>{@link #rsample(Rng)} is a standard gamma draw divided by the rate; its gradient in the concentration is the
 * implicit reparameterisation gradient torch uses (see {@link ImplicitGammaGradient}), evaluated exactly rather than
 * by torch's approximations. As in torch, draws are clamped below at the smallest normal double.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Gamma implements Distribution {

    static {
        KlDivergence.register(Gamma.class, Gamma.class, KlGammaBetaDirichlet::gammaGamma);
    }

    private static final String NAME = "Gamma";

    private final Tensor concentration;
    private final Tensor rate;
    private final int[] batchShape;

    private Gamma(Tensor concentration, Tensor rate, int[] batchShape) {
        this.concentration = concentration;
        this.rate = rate;
        this.batchShape = batchShape;
    }

    /**
     * Creates a gamma distribution; the parameters broadcast to the batch shape.
     *
     * @param concentration the shape alpha, positive
     * @param rate the rate beta, positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value if one is not positive, or if the
     *     shapes do not broadcast
     */
    public static Gamma of(Tensor concentration, Tensor rate) {
        DistributionChecks.requireParameter(NAME, "concentration", concentration, new Constraint.Positive());
        DistributionChecks.requireParameter(NAME, "rate", rate, new Constraint.Positive());
        int[] batch = DistributionChecks.batchShapeOf(NAME, 0, concentration, rate);
        return new Gamma(concentration.expand(batch), rate.expand(batch), batch);
    }

    /**
     * Creates a scalar gamma distribution, as {@link #of(Tensor, Tensor)}.
     *
     * @param concentration the shape alpha, positive
     * @param rate the rate beta, positive
     * @return the distribution
     */
    public static Gamma of(double concentration, double rate) {
        return of(Tensor.scalar(concentration), Tensor.scalar(rate));
    }

    /** {@return the concentration, broadcast to the batch shape} */
    public Tensor concentration() {
        return concentration;
    }

    /** {@return the rate, broadcast to the batch shape} */
    public Tensor rate() {
        return rate;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.GreaterThanEq(0);
    }

    /** {@return {@code xlogy(alpha, beta) + xlogy(alpha - 1, x) - beta x - lgamma(alpha)}, as torch} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return concentration.xlogy(rate).add(concentration.sub(1).xlogy(value)).sub(rate.mul(value))
                .sub(concentration.lgamma());
    }

    @Override
    public Tensor sample(Rng rng) {
        return StandardGamma.rsample(concentration.detach(), rng).div(rate.detach());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        return StandardGamma.rsample(concentration, rng).div(rate);
    }

    /** {@return alpha / beta} */
    @Override
    public Tensor mean() {
        return concentration.div(rate);
    }

    /** {@return alpha / beta^2} */
    @Override
    public Tensor variance() {
        return concentration.div(rate.square());
    }

    /** {@return {@code alpha - log beta + lgamma(alpha) + (1 - alpha) digamma(alpha)}} */
    @Override
    public Tensor entropy() {
        Tensor oneMinusAlpha = concentration.neg().add(1);
        return concentration.sub(rate.log()).add(concentration.lgamma())
                .add(oneMinusAlpha.mul(concentration.digamma()));
    }

    /** Returns e.g. {@code Gamma(concentration=2.0, rate=3.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe(NAME, "concentration", concentration, "rate", rate);
    }
}
