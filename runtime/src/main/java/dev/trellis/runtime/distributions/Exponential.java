package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The exponential distribution with rate {@code rate} (mean {@code 1 / rate}), as
 * {@code torch.distributions.Exponential}.
 *
 * <p>Parameter: {@code rate > 0}. Support: {@code x >= 0} (torch's {@code nonnegative}). A negative value throws, as
 * torch with validation on; torch's formula alone has no support check ({@code Exponential(1).log_prob(-1)} is 1.0
 * without validation), so the check is what keeps such values out.
 *
 * <p>{@link #rsample(Rng)} is {@code E / rate} with {@code E} from {@link Rng#nextExponential()}. No deviation from
 * torch.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Exponential implements Distribution {

    private final Tensor rate;

    private Exponential(Tensor rate) {
        this.rate = rate;
    }

    /**
     * Creates an exponential distribution of the given rate.
     *
     * @param rate the rate, positive; its shape is the batch shape
     * @return the distribution
     * @throws IllegalArgumentException naming the index and value of an entry that is not positive
     */
    public static Exponential of(Tensor rate) {
        DistributionChecks.requireParameter("Exponential", "rate", rate, new Constraint.Positive());
        return new Exponential(rate);
    }

    /**
     * Creates a scalar exponential distribution.
     *
     * @param rate the rate, positive
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if the rate is not positive
     */
    public static Exponential of(double rate) {
        return of(Tensor.scalar(rate));
    }

    /** {@return the rate} */
    public Tensor rate() {
        return rate;
    }

    @Override
    public int[] batchShape() {
        return rate.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.GreaterThanEq(0);
    }

    /** {@return {@code log rate - rate x}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return rate.log().sub(rate.mul(value));
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
        return StandardDraws.of(batchShape(), rng::nextExponential).div(rate);
    }

    /** {@return {@code 1 / rate}} */
    @Override
    public Tensor mean() {
        return rate.pow(-1);
    }

    /** {@return {@code 1 / rate^2}} */
    @Override
    public Tensor variance() {
        return rate.pow(-2);
    }

    /** {@return {@code 1 - log rate}} */
    @Override
    public Tensor entropy() {
        return rate.log().neg().add(1);
    }

    /** Broadcasts the rate, so the result is still an {@code Exponential}. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        return new Exponential(FamilyParameters.expand(this, batchShape, rate)[0]);
    }

    /** Returns e.g. {@code Exponential(rate=1.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe("Exponential", "rate", rate);
    }
}
