package dev.trellis.runtime.svi;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The members of a plate of sequences that have one step of a ragged Markov plate ({@link RaggedSteps#active}), and
 * the two moves a generated program makes with them: it hands a user's site method only those members' rows of every
 * value batched along the plate ({@link #rows}), and turns the distribution the method returns, which then has one
 * row per active member, back into one over the whole plate ({@link #inPlates}, an {@link ActiveRows}). So the
 * per-step networks of a ragged mini-batch run on the sequences that have the step, not on their padding.
 *
 * <p>When every member has the step both moves are the identity (no copy, no wrapper). When the active members are
 * the first ones (a mini-batch sorted by decreasing length) a row cut is a slice; otherwise an index. Both carry
 * gradients back to the rows read.
 *
 * <p>Immutable, so thread-safe.
 */
public final class ActiveMembers {

    private final int size;
    private final int[] active;
    private final int[] finished;
    private final boolean prefix;
    /** Where member b sits in {@code active} followed by {@code finished}: the order that puts a spread back. */
    private final int[] order;

    private ActiveMembers(boolean[] on) {
        this.size = on.length;
        int count = 0;
        for (boolean b : on) {
            count += b ? 1 : 0;
        }
        this.active = new int[count];
        this.finished = new int[size - count];
        this.order = new int[size];
        int a = 0;
        int f = 0;
        for (int b = 0; b < size; b++) {
            if (on[b]) {
                order[b] = a;
                active[a++] = b;
            } else {
                order[b] = count + f;
                finished[f++] = b;
            }
        }
        this.prefix = count == 0 || active[count - 1] == count - 1;
    }

    /**
     * The members marked {@code true}.
     *
     * @param on one entry per member of the plate this run, in the plate's order
     */
    public static ActiveMembers of(boolean[] on) {
        return new ActiveMembers(on.clone());
    }

    /** {@return whether every member has the step: then {@link #rows} and {@link #inPlates} change nothing} */
    public boolean all() {
        return finished.length == 0;
    }

    /** {@return how many members have the step} */
    public int count() {
        return active.length;
    }

    /** {@return how many members the plate has this run} */
    public int size() {
        return size;
    }

    /** {@return the positions of the members that have the step, ascending; a fresh array} */
    public int[] indices() {
        return active.clone();
    }

    /**
     * The active members' rows of a value batched along the plate.
     *
     * @param value a value with the plate's members along {@code axis}, or null (a chain before its first step)
     * @param axis where the plate runs among the value's dimensions, negative counting from the end
     * @return the value itself when every member is active (or null for null), else its active rows, differentiable
     * @throws IllegalArgumentException naming the shape if the value has neither one row per member nor a single one
     */
    public @Nullable Tensor rows(@Nullable Tensor value, int axis) {
        if (value == null || all()) {
            return value;
        }
        return cut(value, axis);
    }

    /** The active rows along {@code axis}; a value with one row along it broadcasts and is returned as it is. */
    Tensor cut(Tensor value, int axis) {
        int rows = value.size(axis);
        if (rows == 1 && size != 1) {
            return value;
        }
        if (rows != size) {
            throw new IllegalArgumentException("a value of shape " + Arrays.toString(value.shape()) + " has " + rows
                    + " rows along dim " + axis + " but the plate of sequences has " + size + " members this run");
        }
        return prefix ? value.slice(axis, 0, active.length) : value.index(axis, active);
    }

    /** The finished members' rows of a value with one row per member along {@code axis}. */
    Tensor finishedRows(Tensor value, int axis) {
        return value.index(axis, finished);
    }

    /** {@code shape} with the finished members' count along {@code axis} (negative), for rows of zeros. */
    int[] finishedShape(int[] shape, int axis) {
        int[] rest = shape.clone();
        rest[shape.length + axis] = finished.length;
        return rest;
    }

    /**
     * Puts the active members' rows and the finished members' rows back in the plate's order along {@code axis}:
     * the inverse of {@link #cut}, differentiable in both parts.
     */
    Tensor spread(Tensor activeRows, Tensor finishedRows, int axis) {
        Tensor joined = Tensor.cat(axis, activeRows, finishedRows);
        return prefix ? joined : joined.index(axis, order);
    }

    /**
     * A site's distribution over the whole plate from the one its method returned for the active members: the
     * method's distribution is first broadcast to the active members' batch shape, as {@link ProgramSupport#inPlates}
     * does for the whole plate, then spread back by an {@link ActiveRows}. When every member is active this is
     * {@link ProgramSupport#inPlates} itself.
     *
     * @param site the site's name, for messages
     * @param where the step, for messages (e.g. {@code time step 7})
     * @param distribution what the site's method returned, given the active rows of its arguments
     * @param filler the finished members' values when the distribution draws: the site's value one step earlier
     *     (finite, and not random at this step), or null for zeros
     * @param dim the plate's batch dimension, negative
     * @param batchShape the site's batch shape over the whole plate
     * @return a distribution with batch shape {@code batchShape}
     * @throws SiteException naming the site, the step and the shapes if the distribution does not fit the active
     *     members' batch shape, or the filler does not have the site's shape
     */
    public Distribution inPlates(String site, String where, Distribution distribution, @Nullable Tensor filler,
            int dim, int... batchShape) {
        if (all()) {
            return ProgramSupport.inPlates(site, distribution, batchShape);
        }
        if (dim >= 0 || -dim > batchShape.length || batchShape[batchShape.length + dim] != size) {
            throw new IllegalArgumentException("dim " + dim + " of batch shape " + Arrays.toString(batchShape)
                    + " is not a plate of " + size + " members");
        }
        int[] activeShape = batchShape.clone();
        activeShape[batchShape.length + dim] = active.length;
        Distribution inner = ProgramSupport.inPlates(site, where, distribution, " (at this step the method read "
                + "the rows of the " + active.length + " of " + size + " sequences that have it)", activeShape);
        return new ActiveRows(site, where, inner, this, dim, batchShape, filler);
    }

    @Override
    public String toString() {
        return active.length + " of " + size + " members " + Arrays.toString(active);
    }

    /** Whether both name the same members of plates of the same size. */
    boolean sameAs(ActiveMembers other) {
        return size == other.size && Arrays.equals(active, other.active);
    }
}
