package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The beta distribution on {@code [0, 1]}, as {@code torch.distributions.Beta(concentration1, concentration0)}:
 * density {@code x^(a-1) (1-x)^(b-1) / B(a, b)} with {@code a = concentration1} (the weight of x, "heads") and
 * {@code b = concentration0} (the weight of 1 - x). The support is torch's closed {@code unit_interval}.
 *
 * <p>Deviation from torch: at an end point with exponent 0 (e.g. {@code Beta(1, 1).logProb(0)}) torch computes
 * {@code 0 * log 0 = NaN}; Trellis uses {@code xlogy} and returns the limit, the log of the density there ({@code 0}
 * for the uniform Beta(1, 1)). Elsewhere the values are torch's.
 *
 * <p>{@link #rsample(Rng)} draws {@code X ~ Gamma(a, 1)} and {@code Y ~ Gamma(b, 1)} and returns {@code X / (X + Y)};
 * gradients reach both concentrations through the gammas' implicit reparameterisation. (torch draws the same
 * two-component Dirichlet but differentiates the Dirichlet's CDF directly; both gradients are unbiased.)
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Beta implements Distribution {

    static {
        KlDivergence.register(Beta.class, Beta.class, KlGammaBetaDirichlet::betaBeta);
    }

    private static final String NAME = "Beta";

    private final Tensor concentration1;
    private final Tensor concentration0;
    private final int[] batchShape;

    private Beta(Tensor concentration1, Tensor concentration0, int[] batchShape) {
        this.concentration1 = concentration1;
        this.concentration0 = concentration0;
        this.batchShape = batchShape;
    }

    /**
     * Creates a beta distribution; the parameters broadcast to the batch shape.
     *
     * @param concentration1 a, the exponent of x plus one; positive
     * @param concentration0 b, the exponent of 1 - x plus one; positive
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value if one is not positive, or if the
     *     shapes do not broadcast
     */
    public static Beta of(Tensor concentration1, Tensor concentration0) {
        DistributionChecks.requireParameter(NAME, "concentration1", concentration1, new Constraint.Positive());
        DistributionChecks.requireParameter(NAME, "concentration0", concentration0, new Constraint.Positive());
        int[] batch = DistributionChecks.batchShapeOf(NAME, 0, concentration1, concentration0);
        return new Beta(concentration1.expand(batch), concentration0.expand(batch), batch);
    }

    /**
     * Creates a scalar beta distribution, as {@link #of(Tensor, Tensor)}.
     *
     * @param concentration1 a, positive
     * @param concentration0 b, positive
     * @return the distribution
     */
    public static Beta of(double concentration1, double concentration0) {
        return of(Tensor.scalar(concentration1), Tensor.scalar(concentration0));
    }

    /** {@return a, broadcast to the batch shape} */
    public Tensor concentration1() {
        return concentration1;
    }

    /** {@return b, broadcast to the batch shape} */
    public Tensor concentration0() {
        return concentration0;
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
        return new Constraint.UnitInterval();
    }

    /** {@return {@code xlogy(a-1, x) + xlogy(b-1, 1-x) + lgamma(a+b) - lgamma(a) - lgamma(b)}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor oneMinusValue = value.neg().add(1);
        return concentration1.sub(1).xlogy(value).add(concentration0.sub(1).xlogy(oneMinusValue))
                .add(total().lgamma()).sub(concentration1.lgamma().add(concentration0.lgamma()));
    }

    @Override
    public Tensor sample(Rng rng) {
        return draw(concentration1.detach(), concentration0.detach(), rng);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        return draw(concentration1, concentration0, rng);
    }

    /** {@return a / (a + b)} */
    @Override
    public Tensor mean() {
        return concentration1.div(total());
    }

    /** {@return {@code a b / ((a + b)^2 (a + b + 1))}} */
    @Override
    public Tensor variance() {
        Tensor total = total();
        return concentration1.mul(concentration0).div(total.square().mul(total.add(1)));
    }

    /** {@return the two-component Dirichlet entropy, as torch} */
    @Override
    public Tensor entropy() {
        Tensor total = total();
        return concentration1.lgamma().add(concentration0.lgamma()).sub(total.lgamma())
                .sub(total.neg().add(2).mul(total.digamma()))
                .sub(concentration1.sub(1).mul(concentration1.digamma()))
                .sub(concentration0.sub(1).mul(concentration0.digamma()));
    }

    /** Returns e.g. {@code Beta(concentration1=2.0, concentration0=3.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe(NAME, "concentration1", concentration1, "concentration0", concentration0);
    }

    private Tensor total() {
        return concentration1.add(concentration0);
    }

    /** One gamma pair per batch member, in row-major order with X before Y. */
    private static Tensor draw(Tensor concentration1, Tensor concentration0, Rng rng) {
        Tensor gammas = StandardGamma.rsample(Tensor.stack(-1, concentration1, concentration0), rng);
        return gammas.select(-1, 0).div(gammas.sum(-1, false));
    }
}
