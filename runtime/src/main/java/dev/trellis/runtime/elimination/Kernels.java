package dev.trellis.runtime.elimination;

/**
 * The computations behind an {@link Elimination}'s contractions and scans. Two implementations share this type:
 * {@link FastKernels#INSTANCE}, and {@link ReferenceKernels#INSTANCE}, a naive log-space implementation that every
 * test runs beside the fast one.
 *
 * <p>A sealed class rather than an interface: its methods take the engine's internal types and are not part of the
 * public API; callers only choose an instance.
 *
 * <p>Both implementations are stateless, so thread-safe.
 */
public abstract sealed class Kernels permits FastKernels, ReferenceKernels {

    Kernels() {
    }

    /**
     * Runs a contraction forward into {@code output} and returns the step for the backward pass and the traceback.
     *
     * @param plate the instance axis, or {@link Layout#ROOT}
     * @param inputs checked: each belongs to {@code plate} or to the root, evidence materialised
     * @param eliminated checked: uses of lag 0 of variables living at {@code plate}
     * @param output its axes set; its values are written here
     */
    abstract TapeStep contract(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output);

    /** Runs a scan forward into {@code plan.output} and returns the step. */
    abstract TapeStep scan(Tape tape, ScanPlan plan);
}
