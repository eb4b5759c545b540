package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The point mass at {@code v}, Pyro's own {@code pyro.distributions.Delta(v, log_density, event_dim)}: what AutoDelta
 * guides (MAP estimates) sample from.
 *
 * <p>The rightmost {@code event_dim} dimensions of {@code v} form one event, the others the batch. {@code logProb(x)}
 * is {@code log_density} where {@code x} equals {@code v} over the whole event and {@code -Infinity} elsewhere (a
 * density-free indicator, as Pyro: it is not the mass of a discrete distribution, and the support is the reals).
 * {@link #rsample(Rng)} returns {@code v} itself, so gradients flow to it; {@code log_density} (a number, or a tensor
 * of exactly the batch shape, as Pyro validates it) lets a transformed Delta carry a Jacobian term. The entropy is
 * undefined, as in Pyro ({@code NotImplementedError}): {@link #entropy()} throws.
 *
 * <p>Pyro does not check {@code v}; Trellis rejects a NaN in it, which no value could ever equal.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Delta implements Distribution {

    private static final String NAME = "Delta";

    private final Tensor v;
    private final Tensor logDensity;
    private final int eventDim;

    private Delta(Tensor v, Tensor logDensity, int eventDim) {
        this.v = v;
        this.logDensity = logDensity;
        this.eventDim = eventDim;
    }

    /** {@return the point mass at {@code v}, every dimension a batch dimension, log-density 0} */
    public static Delta of(Tensor v) {
        return of(v, 0.0, 0);
    }

    /** {@return the point mass at the scalar {@code v}} */
    public static Delta of(double v) {
        return of(Tensor.scalar(v));
    }

    /**
     * Creates the point mass at {@code v} with a constant log-density.
     *
     * @param eventDim how many rightmost dimensions of {@code v} form one event, 0 to its rank
     * @throws IllegalArgumentException if {@code eventDim} is out of range or {@code v} holds NaN
     */
    public static Delta of(Tensor v, double logDensity, int eventDim) {
        int[] batch = batchShapeOf(v, eventDim);
        return of(v, Tensor.full(logDensity, batch), eventDim);
    }

    /**
     * Creates the point mass at {@code v} with a log-density per batch member.
     *
     * @param logDensity shape exactly the batch shape (the leading {@code rank - eventDim} dimensions of v)
     * @param eventDim how many rightmost dimensions of {@code v} form one event, 0 to its rank
     * @throws IllegalArgumentException if {@code eventDim} is out of range, the shape of {@code logDensity} differs
     *     from the batch shape, or naming the NaN entry of {@code v} or of {@code logDensity}
     */
    public static Delta of(Tensor v, Tensor logDensity, int eventDim) {
        int[] batch = batchShapeOf(v, eventDim);
        if (!Arrays.equals(batch, logDensity.shape())) {
            throw new IllegalArgumentException(NAME + ": log_density must have the batch shape "
                    + Arrays.toString(batch) + ", got " + Arrays.toString(logDensity.shape()));
        }
        DistributionChecks.requireParameter(NAME, "v", v, new Constraint.Real());
        DistributionChecks.requireParameter(NAME, "log_density", logDensity, new Constraint.Real());
        return new Delta(v, logDensity, eventDim);
    }

    /** {@return the point} */
    public Tensor v() {
        return v;
    }

    /** {@return the log-density added at the point, shape {@code batchShape}} */
    public Tensor logDensity() {
        return logDensity;
    }

    @Override
    public int[] batchShape() {
        int[] shape = v.shape();
        return Arrays.copyOf(shape, shape.length - eventDim);
    }

    @Override
    public int[] eventShape() {
        int[] shape = v.shape();
        return Arrays.copyOfRange(shape, shape.length - eventDim, shape.length);
    }

    @Override
    public Constraint support() {
        return new Constraint.Independent(new Constraint.Real(), eventDim);
    }

    /** {@return {@code log_density} where the value equals v over the event, else {@code -Infinity}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor indicator = value.eq(v).log();
        for (int i = 0; i < eventDim; i++) {
            indicator = indicator.sum(-1, false);
        }
        return indicator.add(logDensity);
    }

    /** {@return v, detached} */
    @Override
    public Tensor sample(Rng rng) {
        return v.detach();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@return v itself: the draw is differentiable in v, with no randomness} */
    @Override
    public Tensor rsample(Rng rng) {
        return v;
    }

    /** {@return v} */
    @Override
    public Tensor mean() {
        return v;
    }

    /** {@return zeros of v's shape} */
    @Override
    public Tensor variance() {
        return Tensor.zerosLike(v);
    }

    /** Always throws: a point mass has no entropy with respect to Lebesgue measure (Pyro: NotImplementedError). */
    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException(this + " has no entropy (Pyro raises NotImplementedError)");
    }

    /** Returns e.g. {@code Delta(v=1.5, log_density=0.0, event_dim=0)}. */
    @Override
    public String toString() {
        return NAME + "(v=" + ParameterText.of(v) + ", log_density=" + ParameterText.of(logDensity) + ", event_dim="
                + eventDim + ")";
    }

    private static int[] batchShapeOf(Tensor v, int eventDim) {
        if (eventDim < 0 || eventDim > v.rank()) {
            throw new IllegalArgumentException(NAME + ": event_dim must be between 0 and the rank " + v.rank()
                    + " of v, got " + eventDim);
        }
        return Arrays.copyOf(v.shape(), v.rank() - eventDim);
    }
}
