package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The frame shared by the half families ({@link HalfNormal}, {@link HalfCauchy}): {@code |X|} for {@code X} from a
 * symmetric location-scale family centred at 0, as torch's {@code TransformedDistribution} by {@code AbsTransform}.
 * Both signs of {@code X} fold onto {@code |x|}, so the log-density is the base's plus {@code log 2} and the entropy
 * the base's minus {@code log 2}; the draw is the base's draw made absolute, so it stays reparameterised.
 *
 * <p>The support is {@code x >= 0} (torch's {@code nonnegative}); a negative value throws, as torch with validation
 * on. A family supplies its moments, its public {@code scale()} and how to rebuild itself at a broadcast scale.
 */
abstract class FoldedDistribution implements Distribution {

    private static final double LOG_TWO = Math.log(2);

    /** The unfolded distribution, {@code loc = 0}. */
    final LocationScaleFamily base;

    FoldedDistribution(LocationScaleFamily base) {
        this.base = base;
    }

    /** The same family at a scale already validated and broadcast to the new batch shape, for {@link #expand}. */
    abstract FoldedDistribution withScale(Tensor scale);

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

    /** {@return the base's log-density plus {@code log 2}: both signs fold onto x} */
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

    /** {@return the base's entropy minus {@code log 2}} */
    @Override
    public Tensor entropy() {
        return base.entropy().sub(LOG_TWO);
    }

    /** Broadcasts the scale, so the result is still of the same family. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        return withScale(FamilyParameters.expand(this, batchShape, base.scale)[0]);
    }

    /** Returns e.g. {@code HalfNormal(scale=1.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe(getClass().getSimpleName(), "scale", base.scale);
    }
}
