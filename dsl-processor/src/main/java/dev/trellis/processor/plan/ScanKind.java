package dev.trellis.processor.plan;

/** Which kernels a scan may use (design note §3.5, §4). */
public enum ScanKind {
    /**
     * One frontier use x (lag 0, shifted to lag 1), no outer or step-local variables, boundary step 0 of one
     * homogeneous {@code [x]} input and per-step inputs over {@code [x]}, the steady program of one homogeneous
     * {@code [x@1, x]} input and the same per-step inputs: the fast chain kernels apply.
     */
    FIRST_ORDER,
    /** Anything else: the generic slot programs. */
    GENERIC
}
