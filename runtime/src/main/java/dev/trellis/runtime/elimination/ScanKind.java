package dev.trellis.runtime.elimination;

/**
 * How the fast kernels run a scan along a Markov plate; the reference kernels run every kind as {@link #GENERIC}.
 *
 * <p>An enum: thread-safe.
 */
public enum ScanKind {

    /**
     * One chain of history 1 and nothing else: one frontier use x (lag 0, shifted to lag 1), no outer uses, boundary
     * step 0 reading homogeneous tables over {@code [x]} (or no axes) and per-step inputs over {@code [x]} (or no
     * axes), the steady program reading homogeneous tables over {@code [x@1, x]} (either order, or a subset) and the
     * same per-step inputs. The fast kernels run today's first-order chain kernels (scaled forward-backward,
     * streamed forward pass, Viterbi, forward-filter backward-sample).
     */
    FIRST_ORDER,

    /** Any frontier, outer and step-local variables: the scan's programs, run step by step. */
    GENERIC
}
