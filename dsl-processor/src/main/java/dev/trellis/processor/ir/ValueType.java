package dev.trellis.processor.ir;

/** The Java type of a dependency parameter, as far as the checks need to know it. */
public enum ValueType {
    /** {@code int}: a value that is always there. */
    INT,
    /** {@code Integer} (Kotlin {@code Int?}): may be null, as before a chain's first step. */
    BOXED_INT,
    /** {@code Tensor}: the value of a site or parameter in a model run by SVI. */
    TENSOR,
    /** {@code Plate}: the plate of that name as this run uses it (its members, when subsampled). */
    PLATE,
    /** A runtime {@code nn.Module} (or a subtype): a {@code @Network} of the class, bound to the run. */
    NETWORK,
    /** The runtime's {@code Sequences}: observed ragged sequences with their lengths, for {@code @Computed} methods. */
    SEQUENCES,
    /** Anything else; its suitability is decided by the site it depends on. */
    OTHER
}
