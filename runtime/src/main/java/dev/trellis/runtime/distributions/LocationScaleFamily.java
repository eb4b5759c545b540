package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The frame shared by the scalar location-scale families on the real line ({@link Normal}, {@link Cauchy},
 * {@link Laplace}): a real {@code loc} and a positive {@code scale} broadcast to the batch shape, draws
 * {@code loc + scale * eps} with one standard draw per batch member in row-major order, {@code sample} the same draw
 * detached, {@code expand} that broadcasts both parameters, and {@code Family(loc=..., scale=...)} as text.
 *
 * <p>A family supplies only what tells it apart: its log-density, its standard draw, its moments and entropy. Each
 * keeps its own public {@code loc()} and {@code scale()}, whose javadoc says what the parameters mean there (a mean, a
 * median, a location). The folded families ({@link FoldedDistribution}) reuse the density and the draw.
 */
abstract class LocationScaleFamily implements Distribution {

    final Tensor loc;
    final Tensor scale;

    /** Takes parameters already validated and broadcast to one shape, see {@link #checkedParameters}. */
    LocationScaleFamily(Tensor loc, Tensor scale) {
        this.loc = loc;
        this.scale = scale;
    }

    /**
     * Validates a family's parameters ({@code loc} real, {@code scale} positive) on the tensors the user passed, then
     * broadcasts them, for the family's {@code of}.
     *
     * @return {@code {loc, scale}} broadcast to the batch shape
     * @throws IllegalArgumentException naming the family, parameter, index and value of an invalid entry, or if the
     *     shapes do not broadcast
     */
    static Tensor[] checkedParameters(String family, Tensor loc, Tensor scale) {
        DistributionChecks.requireParameter(family, "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter(family, "scale", scale, new Constraint.Positive());
        return FamilyParameters.broadcast(family, loc, scale);
    }

    /** The same family at parameters already broadcast to one shape, for {@link #expand}. */
    abstract LocationScaleFamily withParameters(Tensor loc, Tensor scale);

    /** The log-density without the support check, also for the families built on this one. */
    abstract Tensor logDensity(Tensor value);

    /** One draw of the standard member ({@code loc = 0}, {@code scale = 1}); called once per batch member. */
    abstract double standardDraw(Rng rng);

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

    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return logDensity(value);
    }

    @Override
    public Tensor sample(Rng rng) {
        return rsample(rng).detach();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@return {@code loc + scale * eps}, the noise {@code eps} a constant so gradients reach both parameters} */
    @Override
    public Tensor rsample(Rng rng) {
        return loc.add(scale.mul(StandardDraws.of(batchShape(), () -> standardDraw(rng))));
    }

    /** Broadcasts the parameters, so the result is still of the same family (and its KL rules still apply to it). */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        Tensor[] expanded = FamilyParameters.expand(this, batchShape, loc, scale);
        return withParameters(expanded[0], expanded[1]);
    }

    /** Returns e.g. {@code Normal(loc=0.0, scale=1.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe(getClass().getSimpleName(), "loc", loc, "scale", scale);
    }
}
