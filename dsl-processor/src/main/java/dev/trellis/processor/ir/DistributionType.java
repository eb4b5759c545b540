package dev.trellis.processor.ir;

/**
 * The distribution type a {@code @Sample} method returns.
 *
 * @param qualifiedName the return type's canonical name, e.g. {@code dev.trellis.runtime.distributions.Categorical}
 * @param simpleName its simple name, for messages
 * @param enumerable whether it has a finite support {0..n-1} (implements the runtime's
 *     {@code EnumerableDistribution}), so the site can be summed out exactly and its value is an int
 * @param support the support the family always has, as far as the processor knows it (see {@link Support})
 */
public record DistributionType(String qualifiedName, String simpleName, boolean enumerable, Support support) {}
