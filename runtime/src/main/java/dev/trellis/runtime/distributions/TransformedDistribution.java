package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.Transform;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A base distribution pushed through a transform, {@code Y = t(X)}: torch's {@code TransformedDistribution}, and what
 * AutoNormal samples each latent site from ({@code t = biject_to(support)} of a Normal on the unconstrained space).
 *
 * <p><b>Shapes and event dimensions, as torch.</b> If the transform needs a larger event than the base has (a
 * stick-breaking transform of independent normals), the base's rightmost batch dimensions become event dimensions.
 * The value's shape is {@code t.forwardShape(base shape)}; its event has {@code max(codomain event dim, base event
 * dim + codomain event dim - domain event dim)} dimensions, so stick-breaking takes an event {@code [K - 1]} to
 * {@code [K]}. The log-density is the change-of-variables formula
 * {@code log p(y) = log p_X(x) - log |det dt/dx|(x)} with {@code x = t.inv(y)}, where both terms are summed over
 * the dimensions of the value's event that they still carry.
 *
 * <p><b>Cache of the last draw.</b> {@link #sample} and {@link #rsample} remember the pre-image of the value they
 * returned, and {@link #logProb} of that very tensor object (compared by identity, as torch's transform cache) uses
 * it instead of {@code t.inv(y)}. That makes the log-density exact where the transform saturates (a sigmoid that
 * rounded to 1 has lost {@code x}) and keeps its gradient on the path through {@code x} that produced {@code y}.
 * The cache is one (x, y) pair swapped atomically; it changes no result, only how exactly it is computed, so the
 * distribution is still a value for every caller.
 *
 * <p>{@link #mean()}, {@link #variance()} and {@link #entropy()} throw, as torch raises NotImplementedError.
 *
 * <p>Thread-safe: its parameters are immutable, and the one thing it remembers, its last draw (so that scoring that
 * draw need not invert the transform), is a volatile immutable pair that a draw in another thread only replaces.
 */
public final class TransformedDistribution implements Distribution {

    private record Draw(Tensor x, Tensor y) {}

    private final Distribution base;
    private final Transform transform;
    private final Constraint codomain;
    private final int[] batchShape;
    private final int[] eventShape;
    private volatile @Nullable Draw lastDraw;

    private TransformedDistribution(Distribution base, Transform transform, Constraint codomain, int[] batchShape,
                                    int[] eventShape) {
        this.base = base;
        this.transform = transform;
        this.codomain = codomain;
        this.batchShape = batchShape;
        this.eventShape = eventShape;
    }

    /**
     * Pushes {@code base} through {@code transform}.
     *
     * @param base the distribution of {@code x}; its event may be smaller than the transform's domain event
     * @param transform the map {@code x -> y}; it needs a log-determinant for {@link #logProb}
     * @param codomain the set the transform maps onto (torch's {@code transform.codomain}), e.g. the constraint
     *     {@code biject_to} was asked for; the support is this constraint, extended to the whole event
     * @return the distribution of {@code y}
     * @throws IllegalArgumentException if the base's shape has fewer dimensions than the transform's domain event,
     *     or the codomain's event is larger than the transform's
     */
    public static TransformedDistribution of(Distribution base, Transform transform, Constraint codomain) {
        int baseEventDim = base.eventShape().length;
        int[] baseShape = concat(base.batchShape(), base.eventShape());
        if (baseShape.length < transform.domainEventDim()) {
            throw new IllegalArgumentException("TransformedDistribution: " + transform + " needs values with at least "
                    + transform.domainEventDim() + " dimension(s), but " + base + " draws shape "
                    + Arrays.toString(baseShape));
        }
        if (codomain.eventDim() > transform.codomainEventDim()) {
            throw new IllegalArgumentException("TransformedDistribution: the codomain " + codomain.spec() + " has "
                    + codomain.eventDim() + " event dimension(s), more than the " + transform.codomainEventDim()
                    + " of " + transform);
        }
        int[] forwardShape = transform.forwardShape(baseShape);
        int[] expandedBaseShape = transform.inverseShape(forwardShape);
        Distribution fitted = base;
        if (!Arrays.equals(baseShape, expandedBaseShape)) {
            fitted = fitted.expand(Arrays.copyOf(expandedBaseShape, expandedBaseShape.length - baseEventDim));
        }
        int reinterpreted = transform.domainEventDim() - baseEventDim;
        if (reinterpreted > 0) {
            fitted = fitted.toEvent(reinterpreted);
        }
        int eventDim = Math.max(transform.codomainEventDim(),
                baseEventDim + transform.codomainEventDim() - transform.domainEventDim());
        int cut = forwardShape.length - eventDim;
        return new TransformedDistribution(fitted, transform, codomain, Arrays.copyOf(forwardShape, cut),
                Arrays.copyOfRange(forwardShape, cut, forwardShape.length));
    }

    /** {@return the base distribution, with the batch dimensions the transform reads as its event made events} */
    public Distribution base() {
        return base;
    }

    /** {@return the transform} */
    public Transform transform() {
        return transform;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }

    /** {@return the codomain, made independent over the event dimensions it does not cover itself, as torch} */
    @Override
    public Constraint support() {
        int extra = eventShape.length - codomain.eventDim();
        return extra > 0 ? new Constraint.Independent(codomain, extra) : codomain;
    }

    /**
     * {@return {@code log p_X(x) - log |det J|(x)} with {@code x} the cached pre-image of {@code value} when this
     * distribution drew that very tensor, else {@code t.inv(value)}}
     *
     * @throws IllegalArgumentException if the value lies outside the support or its event shape is wrong
     */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Draw draw = lastDraw;
        Tensor x = draw != null && draw.y() == value ? draw.x() : transform.inverse(value);
        int eventDim = eventShape.length + transform.domainEventDim() - transform.codomainEventDim();
        Tensor logDet = sumRightmost(transform.logAbsDetJacobian(x, value), eventDim - transform.domainEventDim());
        Tensor logBase = sumRightmost(base.logProb(x), eventDim - base.eventShape().length);
        return logBase.sub(logDet);
    }

    /** {@return {@code t(x)} for a draw {@code x} of the base, detached; the pair is cached} */
    @Override
    public Tensor sample(Rng rng) {
        Tensor x = base.sample(rng);
        Tensor y = transform.forward(x).detach();
        lastDraw = new Draw(x, y);
        return y;
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    /** {@return {@code t(x)} for a reparameterised draw {@code x} of the base; the pair is cached} */
    @Override
    public Tensor rsample(Rng rng) {
        Tensor x = base.rsample(rng);
        Tensor y = transform.forward(x);
        lastDraw = new Draw(x, y);
        return y;
    }

    @Override
    public Tensor mean() {
        throw new UnsupportedOperationException(this + " has no closed-form mean (torch: NotImplementedError)");
    }

    @Override
    public Tensor variance() {
        throw new UnsupportedOperationException(this + " has no closed-form variance (torch: NotImplementedError)");
    }

    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException(this + " has no closed-form entropy (torch: NotImplementedError)");
    }

    /** Expands the base to the batch shape the transform pulls {@code batchShape + eventShape} back to, as torch. */
    @Override
    public Distribution expand(int... newBatchShape) {
        if (Arrays.equals(newBatchShape, batchShape)) {
            return this;
        }
        int[] baseShape = transform.inverseShape(concat(newBatchShape, eventShape));
        int[] baseBatch = Arrays.copyOf(baseShape, baseShape.length - base.eventShape().length);
        return of(base.expand(baseBatch), transform, codomain);
    }

    /** Returns e.g. {@code TransformedDistribution(Normal(loc=0.0, scale=1.0), ExpTransform())}. */
    @Override
    public String toString() {
        return "TransformedDistribution(" + base + ", " + transform + ")";
    }

    private static Tensor sumRightmost(Tensor value, int dims) {
        Tensor result = value;
        for (int d = 0; d < dims; d++) {
            result = result.sum(-1, false);
        }
        return result;
    }

    private static int[] concat(int[] first, int[] second) {
        int[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
