package dev.trellis.runtime.distributions;

/**
 * A probability distribution that a {@code @Sample} method may return.
 *
 * <p>This is the common supertype the generated code receives from user method bodies before it decides
 * how the site is handled. Distributions whose support is a finite set implement
 * {@link EnumerableDistribution}, which is what exact (enumerated) inference needs; continuous families added
 * later implement other sub-interfaces. Implementations are immutable.
 */
public interface Distribution {
}
