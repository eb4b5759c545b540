package dev.trellis.runtime.autodiff;

import com.carrotsearch.hppc.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The adjoint buffers of one backward pass, recycled: a non-leaf's buffer is free once its backward has run, and a
 * later node of the same size takes it. A time loop's graph holds thousands of same-shaped nodes whose buffers are
 * each read once, so a recycled buffer is still in the cache, and the pass allocates a few arrays per size instead
 * of one per node.
 *
 * <p>At most {@link #PER_LENGTH} free arrays are kept per length, so a pass holds on to little more than it would
 * without the pool; the last released is taken first. The free arrays are found by length in an {@code int}-keyed
 * map: a {@code HashMap<Integer, ...>} boxed every length above 127 at every take and release, which in a profile of
 * dmm.py's backward pass (tens of thousands of nodes) took a third as many samples as the zeroing itself. Not
 * thread-safe; each backward pass makes its own.
 */
final class AdjointBufferPool {

    /** Free arrays kept per length; more than the nodes of one size alive at once in a time loop's graph. */
    static final int PER_LENGTH = 32;

    private final IntObjectHashMap<ArrayDeque<double[]>> free = new IntObjectHashMap<>();

    /** {@return a zero array of the length, recycled when one is free} */
    double[] take(int length) {
        ArrayDeque<double[]> arrays = free.get(length);
        double[] array = arrays == null ? null : arrays.pollLast();
        if (array == null) {
            return new double[length];
        }
        Arrays.fill(array, 0);
        return array;
    }

    /** Hands back an array no one reads any more. */
    void release(double[] array) {
        ArrayDeque<double[]> arrays = free.get(array.length);
        if (arrays == null) {
            arrays = new ArrayDeque<>();
            free.put(array.length, arrays);
        }
        if (arrays.size() < PER_LENGTH) {
            arrays.addLast(array);
        }
    }
}
