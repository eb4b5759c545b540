package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How far each member of a plate of sequences runs along a Markov plate in one run of a generated program: the run's
 * number of steps (its longest member's length) and, at each step, the mask of the members that have it. Generated
 * programs batch a chain's steps across sequences, as Pyro's {@code examples/dmm.py} does: step t of every member is
 * one site {@code z_t} with the plate of sequences as its batch, and a member past its end is masked out of the
 * site's log-density (its padded value never reaches an unmasked term, since a chain only reads earlier steps). The
 * site's method itself runs on the members that have the step only ({@link #active}), so per-step networks do no work
 * on the padding.
 *
 * <p>Immutable, so thread-safe.
 */
public final class RaggedSteps {

    private final int[] lengths;
    private final int steps;

    private RaggedSteps(int[] lengths) {
        this.lengths = lengths;
        this.steps = Arrays.stream(lengths).max().orElse(0);
    }

    /**
     * The steps of this run's members of {@code plate}.
     *
     * @param lengths the length of every member of the plate, as the data bound them
     * @throws IllegalArgumentException if there is not one length per member, or a length is below 1
     */
    public static RaggedSteps of(int[] lengths, Plate plate) {
        if (lengths.length != plate.size()) {
            throw new IllegalArgumentException(plate + " has " + plate.size() + " members but " + lengths.length
                    + " sequence lengths were given");
        }
        int[] members = new int[plate.subsampleSize()];
        int[] indices = plate.indices();
        for (int i = 0; i < members.length; i++) {
            members[i] = lengths[indices[i]];
            if (members[i] < 1) {
                throw new IllegalArgumentException(plate + ": member " + indices[i] + " has length " + members[i]
                        + "; a sequence has at least one step");
            }
        }
        return new RaggedSteps(members);
    }

    /** {@return the number of steps this run takes: its longest member's length} */
    public int steps() {
        return steps;
    }

    /** {@return each member's length, in the order of the plate's members this run} */
    public int[] lengths() {
        return lengths.clone();
    }

    /**
     * The members that have step {@code index} (0-based): the rows a generated program hands a site's method at that
     * step.
     *
     * @throws IllegalArgumentException if the index is not a step of this run
     */
    public ActiveMembers active(int index) {
        if (index < 0 || index >= steps) {
            throw new IllegalArgumentException("step index " + index + " is not in [0, " + steps + ")");
        }
        boolean[] on = new boolean[lengths.length];
        for (int b = 0; b < on.length; b++) {
            on[b] = index < lengths[b];
        }
        return ActiveMembers.of(on);
    }

    /**
     * The mask of step {@code index} (0-based), shaped to broadcast against a site's batch shape: the members run
     * along {@code dim}, so the mask is {@code [B, 1, ..., 1]} with {@code -dim - 1} trailing ones.
     *
     * @return the mask, or null when every member has the step (then nothing needs masking)
     */
    public @Nullable Tensor mask(int index, int dim) {
        if (dim >= 0) {
            throw new IllegalArgumentException("dim " + dim + " must be negative");
        }
        boolean[] on = new boolean[lengths.length];
        boolean all = true;
        for (int b = 0; b < on.length; b++) {
            on[b] = index < lengths[b];
            all &= on[b];
        }
        if (all) {
            return null;
        }
        int[] shape = new int[-dim];
        Arrays.fill(shape, 1);
        shape[0] = on.length;
        return Tensor.mask(on, shape);
    }
}
