package dev.trellis.runtime.elimination;

/**
 * What one {@link Elimination} computes. The query fixes the semiring of the forward pass and what
 * {@link Elimination#result} runs afterwards.
 *
 * <p>An enum: thread-safe.
 */
public enum Query {

    /**
     * Sum-product, {@code log Z} only. A scan whose per-step inputs are evidence pulls their rows in blocks, so its
     * memory does not grow with the length of the sequences.
     */
    LIKELIHOOD,

    /** Sum-product, then the backward pass; {@link Elimination#marginal} answers. */
    MARGINALS,

    /**
     * Sum-product, then the backward pass; {@link Elimination#adjoint} answers (the posterior expected count of every
     * table entry), and so does {@link Elimination#marginal}.
     */
    GRADIENT,

    /**
     * Max-product, then a traceback by argmax (ties to the lowest value); {@link Elimination#result} is the largest
     * log joint and {@link Elimination#assignment} the assignment that attains it.
     */
    MAP,

    /**
     * Sum-product, then a traceback by sampling (forward filtering, backward sampling); {@link Elimination#assignment}
     * is one exact draw from the posterior.
     */
    SAMPLE
}
