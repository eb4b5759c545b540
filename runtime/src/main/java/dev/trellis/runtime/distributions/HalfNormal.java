package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The half-normal distribution: {@code |X|} for {@code X ~ Normal(0, scale)}, as {@code torch.distributions.HalfNormal}
 * (a {@code TransformedDistribution} of a Normal by {@code AbsTransform}).
 *
 * <p>Parameter: {@code scale > 0}. Support: {@code x >= 0} (torch's {@code nonnegative}, so 0 is inside and has the
 * largest density, {@code log(2) + Normal(0, scale).logProb(0)}). A negative value throws, as torch with validation on
 * (torch's formula alone would give {@code -Infinity}).
 *
 * <p>{@link #rsample(Rng)} is {@code |scale * eps|} with {@code eps} from {@link Rng#nextGaussian()}. No deviation from
 * torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class HalfNormal extends FoldedDistribution {

    private HalfNormal(Normal base) {
        super(base);
    }

    /**
     * Creates a half-normal distribution of the given scale.
     *
     * @param scale the scale of the underlying normal, positive; its shape is the batch shape
     * @return the distribution
     * @throws IllegalArgumentException naming the index and value of an entry that is not positive
     */
    public static HalfNormal of(Tensor scale) {
        DistributionChecks.requireParameter("HalfNormal", "scale", scale, new Constraint.Positive());
        return new HalfNormal(Normal.of(Tensor.zerosLike(scale), scale));
    }

    /**
     * Creates a scalar half-normal distribution.
     *
     * @param scale the scale, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if the scale is not positive
     */
    public static HalfNormal of(double scale) {
        return of(Tensor.scalar(scale));
    }

    /** {@return the scale of the underlying normal} */
    public Tensor scale() {
        return base.scale;
    }

    /** {@return {@code scale sqrt(2 / pi)}} */
    @Override
    public Tensor mean() {
        return scale().mul(Math.sqrt(2 / Math.PI));
    }

    /** {@return {@code scale^2 (1 - 2 / pi)}} */
    @Override
    public Tensor variance() {
        return scale().square().mul(1 - 2 / Math.PI);
    }

    @Override
    HalfNormal withScale(Tensor scale) {
        return new HalfNormal(Normal.of(Tensor.zerosLike(scale), scale));
    }
}
