package dev.trellis.processor.plan;

/** How an observed site's evidence is computed at run time (design note §3.5, §5.2). */
public enum EvidenceKind {
    /** A Bernoulli over one or more folded plates, without data parents: sparse {@code log p(1)}, {@code log p(0)}. */
    BERNOULLI_SPARSE("Bernoulli sparse"),
    /** A Categorical without folded plates, whose data parents (if any) are finite ints: a table lookup. */
    CATEGORICAL_LOOKUP("categorical lookup"),
    /** A Bernoulli over folded plates reading its own previous value as a Tensor with an initial (hmm.py model_2). */
    BERNOULLI_AUTOREGRESSIVE("Bernoulli autoregressive"),
    /** One call per cell, {@code logProb} of every instance's data block. */
    DENSE("dense"),
    /**
     * {@code Tensor} data parents: one call per block of instances and cell, each data parent's rows stacked along a
     * new leading dimension, the distribution batched over the block (Pyro's vectorised semantics).
     */
    BATCHED("batched over instances"),
    /** Another continuous data parent ({@code double}, ...): the method is called per instance and cell, the slow path. */
    PER_INSTANCE("per instance, slow path");

    private final String description;

    EvidenceKind(String description) {
        this.description = description;
    }

    /** {@return words for the printed plan} */
    public String description() {
        return description;
    }
}
