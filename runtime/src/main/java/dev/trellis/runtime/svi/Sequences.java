package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * A batch of sequences of different lengths, padded to the longest: what a {@code @Computed} method of a generated
 * program receives for observed sequences when it asks for this type (to run a recurrent layer over each sequence's
 * own steps, as torch's packed sequences do in Pyro's DMM).
 *
 * <p>Member {@code b} has {@code lengths[b]} steps; its entries at later steps are padding (the program pads with the
 * sequence's last step, so that padded values stay in the support of the site's distribution), which the generated
 * programs mask out of every log-density, as Pyro's {@code mask} does in {@code examples/dmm.py}.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param values {@code [B, T, ...]}: member first, then step, then the site's own dimensions
 * @param lengths each member's number of steps, from 1 to T
 */
public record Sequences(Tensor values, int[] lengths) {

    public Sequences {
        if (values.rank() < 2) {
            throw new IllegalArgumentException("sequences of shape " + Arrays.toString(values.shape())
                    + " need a member and a step dimension, [B, T, ...]");
        }
        if (values.size(0) != lengths.length) {
            throw new IllegalArgumentException(lengths.length + " lengths for " + values.size(0)
                    + " sequences of shape " + Arrays.toString(values.shape()));
        }
        lengths = lengths.clone();
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > values.size(1)) {
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside 1.."
                        + values.size(1));
            }
        }
    }

    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    /** {@return the number of sequences, B} */
    public int size() {
        return lengths.length;
    }

    /** {@return the padded number of steps, T} */
    public int steps() {
        return values.size(1);
    }

    /** {@return every member's entries at step {@code index} (0-based), {@code [B, ...]}} */
    public Tensor step(int index) {
        return values.select(1, index);
    }

    /** {@return {@code [B]}: 1 for the members that have step {@code index} (0-based), 0 for those past their end} */
    public Tensor mask(int index) {
        boolean[] on = new boolean[lengths.length];
        for (int b = 0; b < on.length; b++) {
            on[b] = index < lengths[b];
        }
        return Tensor.mask(on, on.length);
    }

    /**
     * {@return each member's first {@code lengths[b]} steps in reverse order, the padding left where it is} Pyro's
     * {@code reverse_sequences}: a recurrent layer run over the result with these lengths reads each sequence from its
     * own last step back to its first, and reversing its output again puts state {@code t} beside step {@code t}.
     * Gradients flow back to the entries.
     */
    public Sequences reversed() {
        int batch = size();
        int steps = steps();
        int[] rows = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                rows[b * steps + t] = b * steps + (t < lengths[b] ? lengths[b] - 1 - t : t);
            }
        }
        int[] shape = values.shape();
        Tensor flat = values.reshape(batch * steps, values.numElements() / Math.max(1, batch * steps));
        return new Sequences(flat.index(0, rows).reshape(shape), lengths);
    }

    /**
     * {@return these sequences with their values cut to a plate's members along one of the site's inner plates}
     *
     * @param axis the dimension of {@link #values()} that runs along {@code plate}, at least 2
     */
    public Sequences members(int axis, Plate plate) {
        if (axis < 2) {
            throw new IllegalArgumentException("axis " + axis + " is the member or step dimension of sequences");
        }
        return new Sequences(ProgramSupport.members(values, axis, plate), lengths);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sequences s && s.values.equals(values) && Arrays.equals(s.lengths, lengths);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "Sequences" + Arrays.toString(values.shape()) + " lengths " + Arrays.toString(lengths);
    }
}
