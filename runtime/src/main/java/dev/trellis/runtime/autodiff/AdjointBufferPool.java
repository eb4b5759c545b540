package dev.trellis.runtime.autodiff;

import java.util.Arrays;

/**
 * The adjoint buffers of one backward pass, recycled: a non-leaf's buffer is free once its backward has run, and a
 * later node of the same size takes it (zeroed) instead of a new array. A recurrent model's graph is thousands of
 * nodes of a few sizes (a time step's {@code [batch, width]} activations), so almost every buffer is reused while it
 * is still in the cache, and the pass allocates a few arrays per size instead of one per node.
 *
 * <p>At most {@link #PER_LENGTH} free arrays are kept per length, so a pass holds on to little more than it would
 * without the pool. The free arrays are found by length in an open-addressed table of {@code int} keys: a {@code
 * HashMap<Integer, ...>} boxed every length above 127 at every take and release, which in a profile of dmm.py's
 * backward pass (tens of thousands of nodes) took a third as many samples as the zeroing itself. Not thread-safe;
 * each backward pass makes its own.
 */
final class AdjointBufferPool {

    /** Free arrays kept per length; more than the nodes of one size alive at once in a time loop's graph. */
    static final int PER_LENGTH = 32;

    private static final int EMPTY = -1;

    /** The table's keys, {@link #EMPTY} in a free slot; a power of two long, at most half full. */
    private int[] lengths;
    /** The free arrays of each slot's length, the last released at {@code counts[slot] - 1}. */
    private double[][][] stacks;
    private int[] counts;
    private int used;
    /** 32 minus log2 of the table's length: the top bits of the scrambled length pick the slot. */
    private int shift;

    AdjointBufferPool() {
        lengths = new int[16];
        Arrays.fill(lengths, EMPTY);
        stacks = new double[16][][];
        counts = new int[16];
        shift = 32 - 4;
    }

    /** {@return a zero array of the length, recycled when one is free} */
    double[] take(int length) {
        int slot = slotOf(length);
        if (lengths[slot] == EMPTY || counts[slot] == 0) {
            return new double[length];
        }
        int top = --counts[slot];
        double[] array = stacks[slot][top];
        stacks[slot][top] = null;
        Arrays.fill(array, 0);
        return array;
    }

    /** Hands back an array no one reads any more. */
    void release(double[] array) {
        int length = array.length;
        int slot = slotOf(length);
        if (lengths[slot] == EMPTY) {
            lengths[slot] = length;
            stacks[slot] = new double[4][];
            if (++used * 2 > lengths.length) {
                grow();
                slot = slotOf(length);
            }
        }
        int count = counts[slot];
        if (count == PER_LENGTH) {
            return;
        }
        double[][] stack = stacks[slot];
        if (count == stack.length) {
            stack = Arrays.copyOf(stack, Math.min(PER_LENGTH, 2 * count));
            stacks[slot] = stack;
        }
        stack[count] = array;
        counts[slot] = count + 1;
    }

    /** {@return the slot holding the length, or the empty slot where it would go} */
    private int slotOf(int length) {
        int mask = lengths.length - 1;
        int slot = (length * 0x9E3779B9) >>> shift;   // Fibonacci hashing
        while (lengths[slot] != length && lengths[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Doubles the table, keeping every length's free arrays. */
    private void grow() {
        int[] oldLengths = lengths;
        double[][][] oldStacks = stacks;
        int[] oldCounts = counts;
        lengths = new int[oldLengths.length * 2];
        Arrays.fill(lengths, EMPTY);
        stacks = new double[lengths.length][][];
        counts = new int[lengths.length];
        shift--;
        for (int i = 0; i < oldLengths.length; i++) {
            if (oldLengths[i] != EMPTY) {
                int slot = slotOf(oldLengths[i]);
                lengths[slot] = oldLengths[i];
                stacks[slot] = oldStacks[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
