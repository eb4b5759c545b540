package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.KlDivergence;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One step of a ragged chain over a whole plate of sequences, from the distribution a site's method returned for the
 * sequences that have the step ({@link ActiveMembers#inPlates}): its batch shape is the plate's, the active members'
 * rows follow the method's distribution, and the finished members' rows are masked out, as Pyro's padded steps are.
 *
 * <ul>
 *   <li>{@link #logProb}: the method's log-density at the value's active rows, and exactly 0 (gradient too) at the
 *       finished rows, whatever the value holds there (padding);
 *   <li>{@link #sample} and {@link #rsample}: the method's draw at the active rows, and the filler at the finished rows
 *       (the site's value one step earlier, detached, or zeros): finished rows draw no random numbers, so a seeded
 *       stream holds one draw per active row;
 *   <li>{@link #mean} and {@link #variance}: the method's at the active rows, the filler and 0 at the finished ones;
 *       {@link #entropy}: the method's at the active rows, 0 at the finished ones (they contribute nothing).
 * </ul>
 * The KL divergence between two such distributions over the same members is the inner pair's at the active rows and 0
 * elsewhere (for {@code TraceMeanFieldElbo}).
 *
 * <p>Immutable, so thread-safe.
 */
public final class ActiveRows implements Distribution {

    static {
        KlDivergence.register(ActiveRows.class, ActiveRows.class, ActiveRows::kl);
    }

    private final Distribution inner;
    private final ActiveMembers members;
    private final int dim;
    private final int[] batchShape;
    private final @Nullable Tensor filler;

    ActiveRows(String site, String where, Distribution inner, ActiveMembers members, int dim, int[] batchShape,
            @Nullable Tensor filler) {
        this.inner = inner;
        this.members = members;
        this.dim = dim;
        this.batchShape = batchShape.clone();
        if (filler != null) {
            int[] expected = concat(batchShape, inner.eventShape());
            if (!Arrays.equals(filler.shape(), expected)) {
                throw new SiteException(site, where, "the value one step earlier has shape "
                        + Arrays.toString(filler.shape()) + " but a draw of this step has shape "
                        + Arrays.toString(expected) + "; a chain's site keeps its shape from step to step");
            }
        }
        this.filler = filler == null ? null : filler.detach();
    }

    /** {@return the distribution the site's method returned for the active members} */
    public Distribution inner() {
        return inner;
    }

    /** {@return the members that have the step} */
    public ActiveMembers members() {
        return members;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return inner.eventShape();
    }

    @Override
    public Constraint support() {
        return inner.support();
    }

    @Override
    public boolean isDiscrete() {
        return inner.isDiscrete();
    }

    @Override
    public Tensor logProb(Tensor value) {
        int axis = valueAxis();
        if (value.rank() < batchShape.length + inner.eventShape().length) {
            throw new IllegalArgumentException("a value of shape " + Arrays.toString(value.shape()) + " has fewer "
                    + "dimensions than batch shape " + Arrays.toString(batchShape) + " and event shape "
                    + Arrays.toString(inner.eventShape()));
        }
        // a step scored together with the chain's other steps reads its rows of their stacked log-density
        Tensor logProb = inner instanceof StepOfChain step ? step.logProbOfWhole(value) : null;
        try {
            if (logProb == null) {
                logProb = inner.logProb(members.cut(value, axis));
            }
        } catch (IllegalArgumentException e) {
            // the inner distribution counts entries among the active rows: say which members those are
            throw new IllegalArgumentException(e.getMessage() + " (among the rows of the " + members
                    + " that have this step, in that order)", e);
        }
        int[] restShape = members.finishedShape(logProb.shape(), dim);
        return members.spread(logProb, Tensor.zeros(restShape), dim);
    }

    @Override
    public Tensor sample(Rng rng) {
        return withFiller(inner.sample(rng));
    }

    @Override
    public boolean hasRsample() {
        return inner.hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng) {
        return withFiller(inner.rsample(rng));
    }

    @Override
    public Tensor mean() {
        return withFiller(inner.mean());
    }

    @Override
    public Tensor variance() {
        Tensor variance = inner.variance();
        return members.spread(variance, Tensor.zeros(members.finishedShape(variance.shape(), valueAxis())),
                valueAxis());
    }

    @Override
    public Tensor entropy() {
        Tensor entropy = inner.entropy();
        return members.spread(entropy, Tensor.zeros(members.finishedShape(entropy.shape(), dim)), dim);
    }

    /** The active rows of a draw (or mean) and the filler's finished rows, in the plate's order. */
    private Tensor withFiller(Tensor activeRows) {
        int axis = valueAxis();
        Tensor rest = filler != null ? members.finishedRows(filler, axis)
                : Tensor.zeros(members.finishedShape(activeRows.shape(), axis));
        return members.spread(activeRows, rest, axis);
    }

    /** Where the plate runs in a value: its batch dim, left of the event dimensions. */
    private int valueAxis() {
        return dim - inner.eventShape().length;
    }

    private static Tensor kl(ActiveRows p, ActiveRows q) {
        if (!p.members.sameAs(q.members) || p.dim != q.dim || !Arrays.equals(p.batchShape, q.batchShape)) {
            throw new UnsupportedOperationException("no KL divergence rule for two steps over different members: KL("
                    + p + " || " + q + ")");
        }
        Tensor kl = KlDivergence.kl(p.inner, q.inner);
        return p.members.spread(kl, Tensor.zeros(p.members.finishedShape(kl.shape(), p.dim)), p.dim);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Override
    public String toString() {
        return "ActiveRows(" + inner + ", " + members + " along dim " + dim + ")";
    }
}
