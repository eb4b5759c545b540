package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The half-Cauchy distribution: {@code |X|} for {@code X ~ Cauchy(0, scale)}, as
 * {@code torch.distributions.HalfCauchy} (a {@code TransformedDistribution} of a Cauchy by {@code AbsTransform}), a
 * common weakly informative prior on scales.
 *
 * <p>Parameter: {@code scale > 0}. Support: {@code x >= 0} (torch's {@code nonnegative}); a negative value throws, as
 * torch with validation on. The mean and variance are {@code +Infinity}, as torch returns them; the entropy is the
 * Cauchy's minus {@code log 2}, that is {@code log(2 pi scale)}.
 *
 * <p>{@link #rsample(Rng)} is {@code |scale * tan(pi (u - 1/2))|} with {@code u} from {@link Rng#nextDouble()}, the
 * Cauchy's inverse CDF folded. No deviation from torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class HalfCauchy extends FoldedDistribution {

    private HalfCauchy(Cauchy base) {
        super(base);
    }

    /**
     * Creates a half-Cauchy distribution of the given scale.
     *
     * @param scale the scale of the underlying Cauchy, positive; its shape is the batch shape
     * @return the distribution
     * @throws IllegalArgumentException naming the index and value of an entry that is not positive
     */
    public static HalfCauchy of(Tensor scale) {
        DistributionChecks.requireParameter("HalfCauchy", "scale", scale, new Constraint.Positive());
        return new HalfCauchy(Cauchy.of(Tensor.zerosLike(scale), scale));
    }

    /**
     * Creates a scalar half-Cauchy distribution.
     *
     * @param scale the scale, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if the scale is not positive
     */
    public static HalfCauchy of(double scale) {
        return of(Tensor.scalar(scale));
    }

    /** {@return the scale of the underlying Cauchy} */
    public Tensor scale() {
        return base.scale;
    }

    /** {@return {@code +Infinity} in every batch member, as torch} */
    @Override
    public Tensor mean() {
        return Tensor.full(Double.POSITIVE_INFINITY, batchShape());
    }

    /** {@return {@code +Infinity} in every batch member, as torch} */
    @Override
    public Tensor variance() {
        return Tensor.full(Double.POSITIVE_INFINITY, batchShape());
    }

    @Override
    HalfCauchy withScale(Tensor scale) {
        return new HalfCauchy(Cauchy.of(Tensor.zerosLike(scale), scale));
    }
}
