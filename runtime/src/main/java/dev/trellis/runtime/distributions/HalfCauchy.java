package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The half-Cauchy distribution: {@code |X|} for {@code X ~ Cauchy(0, scale)}, as
 * {@code torch.distributions.HalfCauchy} (a {@code TransformedDistribution} of a Cauchy by {@code AbsTransform}), a
 * common weakly informative prior on scales.
 *
 * <p>Parameter: {@code scale > 0}. Support: {@code x >= 0} (torch's {@code nonnegative}); a negative value throws, as
 * torch with validation on. The mean and variance are {@code +Infinity}, as torch returns them.
 *
 * <p>{@link #rsample(Rng)} is {@code |scale * tan(pi (u - 1/2))|} with {@code u} from {@link Rng#nextDouble()}, the
 * Cauchy's inverse CDF folded. No deviation from torch.
 */
public final class HalfCauchy implements Distribution {

    private static final double LOG_TWO = Math.log(2);

    private final Cauchy base;

    private HalfCauchy(Cauchy base) {
        this.base = base;
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
        return new Constraint.GreaterThanEq(0);
    }

    /** {@return the Cauchy's log-density plus {@code log 2}: both signs fold onto x} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return base.logDensity(value).add(LOG_TWO);
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
        return base.rsample(rng).abs();
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

    /** {@return the Cauchy's entropy minus {@code log 2}, that is {@code log(2 pi scale)}} */
    @Override
    public Tensor entropy() {
        return base.entropy().sub(LOG_TWO);
    }

    /** Broadcasts the scale, so the result is still a {@code HalfCauchy}. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        return new HalfCauchy(Cauchy.of(Tensor.zeros(batchShape), FamilyParameters.expand(this, batchShape,
                scale())[0]));
    }

    /** Returns e.g. {@code HalfCauchy(scale=1.0)}. */
    @Override
    public String toString() {
        return "HalfCauchy(scale=" + FamilyParameters.text(scale()) + ")";
    }
}
