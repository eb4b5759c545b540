package dev.trellis.processor.graph;

/** How the elimination treats a plate, decided at compile time from the sites inside it (design note §1). */
public enum PlateKind {
    /** Every member is an instance: one copy of the variables and factors that live there. */
    INSTANCE,
    /** An enumerated chain runs along it: its members are ordered steps, scanned one after another. */
    MARKOV,
    /**
     * Its subtree holds only observed sites: its members are vectorised inside one observation (batch dimensions of
     * the site's distribution, summed by {@code logProb}), so it is never an instance axis of a table.
     */
    FOLDED
}
