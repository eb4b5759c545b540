package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The Dirichlet distribution on the probability simplex, as {@code torch.distributions.Dirichlet(concentration)}:
 * for a concentration of shape {@code batchShape + [K]}, each draw is a vector of K non-negative entries summing to
 * 1, with density {@code prod_k x_k^(alpha_k - 1) Gamma(sum alpha) / prod_k Gamma(alpha_k)}. The event shape is
 * {@code [K]}; the support is torch's {@code simplex} (entries {@code >= 0}, sum within 1e-6 of 1), so a value that
 * does not sum to 1 is rejected, while a value on the simplex's boundary is in the support and may have density 0
 * ({@code -Infinity}) or an infinite density.
 *
 * <p>Deviation from torch: an entry 0 with {@code alpha_k = 1} contributes {@code 0} ({@code xlogy}), where torch
 * computes {@code 0 * log 0 = NaN}.
 *
 * <p>{@link #rsample(Rng)} normalises K independent {@code Gamma(alpha_k, 1)} draws; gradients reach the
 * concentration through the gammas' implicit reparameterisation (torch differentiates the Dirichlet's marginal CDF
 * instead; both are unbiased).
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Dirichlet implements Distribution {

    static {
        KlDivergence.register(Dirichlet.class, Dirichlet.class, KlGammaBetaDirichlet::dirichletDirichlet);
    }

    private static final String NAME = "Dirichlet";

    private final Tensor concentration;
    private final int[] batchShape;

    private Dirichlet(Tensor concentration, int[] batchShape) {
        this.concentration = concentration;
        this.batchShape = batchShape;
    }

    /**
     * Creates a Dirichlet distribution.
     *
     * @param concentration shape {@code batchShape + [K]}, every entry positive
     * @return the distribution
     * @throws IllegalArgumentException if the tensor is a scalar, or naming the flat index and value of an entry
     *     that is not positive
     */
    public static Dirichlet of(Tensor concentration) {
        int[] batch = DistributionChecks.batchShapeOf(NAME, 1, concentration);
        DistributionChecks.requireParameter(NAME, "concentration", concentration, new Constraint.Positive());
        return new Dirichlet(concentration, batch);
    }

    /**
     * Creates a Dirichlet distribution over K = {@code concentration.length} categories, as {@link #of(Tensor)}.
     *
     * @param concentration K positive numbers
     * @return the distribution
     */
    public static Dirichlet of(double... concentration) {
        return of(Tensor.vector(concentration));
    }

    /** {@return the concentration, shape {@code batchShape + [K]}} */
    public Tensor concentration() {
        return concentration;
    }

    /** {@return K, the length of each draw} */
    public int categories() {
        return concentration.size(concentration.rank() - 1);
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[] {categories()};
    }

    @Override
    public Constraint support() {
        return new Constraint.Simplex();
    }

    /** {@return {@code sum_k xlogy(alpha_k - 1, x_k) + lgamma(sum alpha) - sum_k lgamma(alpha_k)}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return concentration.sub(1).xlogy(value).sum(-1, false)
                .add(concentration.sum(-1, false).lgamma())
                .sub(concentration.lgamma().sum(-1, false));
    }

    @Override
    public Tensor sample(Rng rng) {
        return draw(concentration.detach(), rng);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        return draw(concentration, rng);
    }

    /** {@return {@code alpha / sum alpha}} */
    @Override
    public Tensor mean() {
        return concentration.div(concentration.sum(-1, true));
    }

    /** {@return {@code alpha_k (alpha_0 - alpha_k) / (alpha_0^2 (alpha_0 + 1))} with {@code alpha_0 = sum alpha}} */
    @Override
    public Tensor variance() {
        Tensor total = concentration.sum(-1, true);
        return concentration.mul(total.sub(concentration)).div(total.square().mul(total.add(1)));
    }

    /**
     * {@return {@code sum lgamma(alpha) - lgamma(alpha_0) - (K - alpha_0) digamma(alpha_0) - sum (alpha - 1)
     * digamma(alpha)}, as torch}
     */
    @Override
    public Tensor entropy() {
        int k = categories();
        Tensor total = concentration.sum(-1, false);
        return concentration.lgamma().sum(-1, false).sub(total.lgamma())
                .sub(total.neg().add(k).mul(total.digamma()))
                .sub(concentration.sub(1).mul(concentration.digamma()).sum(-1, false));
    }

    /** Returns e.g. {@code Dirichlet(concentration=[1.0, 2.0, 3.0])}, or the shape for a batch. */
    @Override
    public String toString() {
        return ParameterText.describe(NAME, "concentration", concentration);
    }

    /** K gammas per batch member, in row-major order, each row divided by its sum. */
    private static Tensor draw(Tensor concentration, Rng rng) {
        Tensor gammas = StandardGamma.rsample(concentration, rng);
        return gammas.div(gammas.sum(-1, true));
    }
}
