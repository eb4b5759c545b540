package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The continuous uniform distribution on {@code [low, high)}, as {@code torch.distributions.Uniform}.
 *
 * <p>Parameters: {@code low < high}, broadcast to the batch shape. Draws lie in {@code [low, high)}, and the density
 * is {@code 1 / (high - low)} there and 0 elsewhere, so {@code logProb(high) = -Infinity}.
 *
 * <p>Support: torch 1.13 declares {@code interval(low, high)}, closed, even though the density is half-open; so does
 * this class, because validation must accept exactly what torch's does: {@code high} itself is in the support with
 * log-density {@code -Infinity} (as torch with validation on), and a value beyond either bound throws. {@code support()}
 * is that {@link Constraint.Interval} when every batch member has the same bounds; a {@link Constraint} holds scalar
 * bounds only, so a Uniform whose bounds differ across the batch still checks its values member by member but has no
 * single constraint to report (see {@link #support()}).
 *
 * <p>One deviation from torch, on parameters only: the bounds must be finite (torch accepts an infinite bound and then
 * gives log-density {@code -Infinity} everywhere, which is no distribution at all).
 *
 * <p>{@link #rsample(Rng)} is {@code low + u (high - low)} with {@code u} from {@link Rng#nextDouble()}.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Uniform implements Distribution {

    private final Tensor low;
    private final Tensor high;

    private Uniform(Tensor low, Tensor high) {
        this.low = low;
        this.high = high;
    }

    /**
     * Creates a uniform distribution; the bounds broadcast to the batch shape.
     *
     * @param low the inclusive lower bound, finite
     * @param high the exclusive upper bound of the draws, finite and above {@code low}
     * @return the distribution
     * @throws IllegalArgumentException naming the parameter, index and value of a bound that is not finite, or of a
     *     {@code high} not above its {@code low}, or if the shapes do not broadcast
     */
    public static Uniform of(Tensor low, Tensor high) {
        requireFinite("low", low);
        requireFinite("high", high);
        Tensor[] broadcast = FamilyParameters.broadcast("Uniform", low, high);
        double[] lows = broadcast[0].toArray();
        double[] highs = broadcast[1].toArray();
        for (int i = 0; i < lows.length; i++) {
            if (!(lows[i] < highs[i])) {
                String at = lows.length == 1 && broadcast[0].rank() == 0 ? "" : "[" + i + "]";
                throw new IllegalArgumentException("Uniform: parameter high" + at + " = " + highs[i]
                        + " is not above low" + at + " = " + lows[i]);
            }
        }
        return new Uniform(broadcast[0], broadcast[1]);
    }

    /**
     * Creates a scalar uniform distribution.
     *
     * @param low the inclusive lower bound, finite
     * @param high the upper bound, finite and above {@code low}
     * @return the distribution, batch shape {@code []}
     * @throws IllegalArgumentException if a bound is not finite or {@code high <= low}
     */
    public static Uniform of(double low, double high) {
        return of(Tensor.scalar(low), Tensor.scalar(high));
    }

    /** {@return the lower bound, broadcast to the batch shape} */
    public Tensor low() {
        return low;
    }

    /** {@return the upper bound, broadcast to the batch shape} */
    public Tensor high() {
        return high;
    }

    @Override
    public int[] batchShape() {
        return low.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /**
     * {@return {@code interval(low, high)}, closed as torch 1.13 declares it}
     *
     * @throws UnsupportedOperationException if the bounds differ across the batch: a {@link Constraint} has scalar
     *     bounds
     */
    @Override
    public Constraint support() {
        double[] lows = low.toArray();
        double[] highs = high.toArray();
        if (lows.length == 0 || !hasSameBounds(lows, highs)) {
            throw new UnsupportedOperationException(this + " has bounds that differ across its batch; a Constraint "
                    + "holds one pair of bounds, so its support is per member (low[i], high[i])");
        }
        return new Constraint.Interval(lows[0], highs[0]);
    }

    /** {@return {@code log 1[x < high] - log(high - low)}: {@code -Infinity} at {@code high}, as torch} */
    @Override
    public Tensor logProb(Tensor value) {
        requireInSupport(value);
        return value.lt(high).log().sub(high.sub(low).log());
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
        return low.add(StandardDraws.of(batchShape(), rng::nextDouble).mul(high.sub(low)));
    }

    /** {@return {@code (high + low) / 2}} */
    @Override
    public Tensor mean() {
        return high.add(low).div(2);
    }

    /** {@return {@code (high - low)^2 / 12}} */
    @Override
    public Tensor variance() {
        return high.sub(low).square().div(12);
    }

    /** {@return {@code log(high - low)}} */
    @Override
    public Tensor entropy() {
        return high.sub(low).log();
    }

    /** Broadcasts the bounds, so the result is still a {@code Uniform}. */
    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        Tensor[] expanded = FamilyParameters.expand(this, batchShape, low, high);
        return new Uniform(expanded[0], expanded[1]);
    }

    /** Returns e.g. {@code Uniform(low=-2.0, high=3.0)}. */
    @Override
    public String toString() {
        return ParameterText.describe("Uniform", "low", low, "high", high);
    }

    /**
     * The support check: through {@link DistributionChecks} when one interval covers the batch, so the message has
     * the usual shape; else member by member, naming the member's own bounds.
     */
    private void requireInSupport(Tensor value) {
        double[] lows = low.toArray();
        double[] highs = high.toArray();
        if (lows.length > 0 && hasSameBounds(lows, highs)) {
            DistributionChecks.requireInSupport(this, value);
            return;
        }
        int[] shape = Tensor.broadcastShapes(value.shape(), low.shape());
        double[] x = value.expand(shape).toArray();
        double[] lo = low.expand(shape).toArray();
        double[] hi = high.expand(shape).toArray();
        for (int i = 0; i < x.length; i++) {
            if (!(lo[i] <= x[i] && x[i] <= hi[i])) {
                throw new IllegalArgumentException("value[" + i + "] = " + x[i] + " is outside the support "
                        + new Constraint.Interval(lo[i], hi[i]).spec() + " of " + this);
            }
        }
    }

    private static boolean hasSameBounds(double[] lows, double[] highs) {
        for (int i = 1; i < lows.length; i++) {
            if (lows[i] != lows[0] || highs[i] != highs[0]) {
                return false;
            }
        }
        return true;
    }

    private static void requireFinite(String name, Tensor bound) {
        double[] values = bound.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                String at = bound.rank() == 0 ? "" : "[" + i + "]";
                throw new IllegalArgumentException("Uniform: parameter " + name + at + " = " + values[i]
                        + " is not finite");
            }
        }
    }
}
