package dev.trellis.processor.read;

/**
 * The runtime types the processor recognises, by name: the processor does not depend on the
 * runtime, it finds these on the user's compile classpath.
 */
final class RuntimeTypes {
    static final String DISTRIBUTION = "dev.trellis.runtime.distributions.Distribution";
    static final String TENSOR = "dev.trellis.runtime.tensor.Tensor";
    static final String PLATE = "dev.trellis.runtime.svi.Plate";
    static final String MODULE = "dev.trellis.runtime.nn.Module";
    static final String SEQUENCES = "dev.trellis.runtime.svi.Sequences";
    static final String ENUMERABLE_DISTRIBUTION = "dev.trellis.runtime.distributions.EnumerableDistribution";

    private RuntimeTypes() {}
}
