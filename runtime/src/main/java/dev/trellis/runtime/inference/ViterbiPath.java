package dev.trellis.runtime.inference;

import java.util.Arrays;

/**
 * The result of {@link ChainKernels#viterbi(double[], double[][], double[][])}: the most probable state path and
 * its log joint probability {@code log p(x, z = path)}.
 *
 * <p>The array is copied in and out, so a {@code ViterbiPath} is immutable; equality compares the path's
 * contents.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param path the state at every step, {@code path[t]} in [0, K)
 * @param logJoint the log of the joint probability of the observations and this path (the max-product value)
 */
public record ViterbiPath(int[] path, double logJoint) {

    /**
     * Copies the path so later changes to the caller's array do not leak in.
     *
     * @param path the state at every step
     * @param logJoint the log joint probability of the observations and the path
     */
    public ViterbiPath {
        path = path.clone();
    }

    /** {@return a copy of the path} */
    @Override
    public int[] path() {
        return path.clone();
    }

    /** Compares paths element by element and log-joints with {@link Double#compare}. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ViterbiPath that
                && Arrays.equals(path, that.path)
                && Double.compare(logJoint, that.logJoint) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(path) + Double.hashCode(logJoint);
    }

    /** Returns e.g. {@code ViterbiPath[path=[1, 0, 0], logJoint=-4.2]}. */
    @Override
    public String toString() {
        return "ViterbiPath[path=" + Arrays.toString(path) + ", logJoint=" + logJoint + "]";
    }
}
