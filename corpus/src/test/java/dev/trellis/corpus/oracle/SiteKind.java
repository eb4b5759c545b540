package dev.trellis.corpus.oracle;

/** What a {@code @Sample} method is, as the DSL's annotations say. */
public enum SiteKind {
    /** {@code @Enumerate}: a latent site with finite support, summed (or maximised) over every value. */
    ENUMERATED,
    /** {@code @Observed}: its values come with the data. */
    OBSERVED,
    /** Neither: a latent global whose value is given (the guide's draw, or a test's choice). */
    LATENT
}
