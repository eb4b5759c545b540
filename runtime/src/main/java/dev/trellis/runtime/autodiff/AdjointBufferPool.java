package dev.trellis.runtime.autodiff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The adjoint buffers of one backward pass, recycled: a non-leaf's buffer is free once its backward has run, and a
 * later node of the same size takes it (zeroed) instead of a new array. A recurrent model's graph is thousands of
 * nodes of a few sizes (a time step's {@code [batch, width]} activations), so almost every buffer is reused while it
 * is still in the cache, and the pass allocates a few arrays per size instead of one per node.
 *
 * <p>At most {@link #PER_LENGTH} free arrays are kept per length, so a pass holds on to little more than it would
 * without the pool. Not thread-safe; each backward pass makes its own.
 */
final class AdjointBufferPool {

    /** Free arrays kept per length; more than the nodes of one size alive at once in a time loop's graph. */
    static final int PER_LENGTH = 32;

    private final Map<Integer, ArrayDeque<double[]>> free = new HashMap<>();

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
        ArrayDeque<double[]> arrays = free.computeIfAbsent(array.length, length -> new ArrayDeque<>());
        if (arrays.size() < PER_LENGTH) {
            arrays.addLast(array);
        }
    }
}
