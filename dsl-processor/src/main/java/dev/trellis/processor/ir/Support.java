package dev.trellis.processor.ir;

import java.util.Map;

/**
 * The support of a distribution family as the processor knows it at compile time, coarse enough to be decided from
 * the class alone (an interval's bounds, a Binomial's count are parameters, known only at run time). A guide's
 * distribution for a site must have the model's support kind; positive and non-negative half-lines count as one kind
 * (they differ by a point of probability zero).
 */
public enum Support {
    REAL("real"),
    HALF_LINE("positive or non-negative"),
    UNIT_INTERVAL("the unit interval"),
    INTERVAL("an interval"),
    SIMPLEX("the simplex"),
    REAL_VECTOR("real vectors"),
    BOOLEAN("{0, 1}"),
    FINITE_INTEGERS("integers 0..n"),
    NONNEGATIVE_INTEGERS("integers 0, 1, 2, ..."),
    ONE_HOT("one-hot vectors"),
    /** A distribution the processor does not know (user-defined, Delta, transformed): not checked. */
    UNKNOWN("unknown");

    /** The runtime's families, by simple name in package {@code dev.trellis.runtime.distributions}. */
    private static final Map<String, Support> FAMILIES = Map.ofEntries(
            Map.entry("Normal", REAL), Map.entry("Cauchy", REAL), Map.entry("StudentT", REAL),
            Map.entry("Laplace", REAL), Map.entry("LogNormal", HALF_LINE), Map.entry("HalfNormal", HALF_LINE),
            Map.entry("HalfCauchy", HALF_LINE), Map.entry("Exponential", HALF_LINE), Map.entry("Gamma", HALF_LINE),
            Map.entry("Beta", UNIT_INTERVAL), Map.entry("Uniform", INTERVAL), Map.entry("Dirichlet", SIMPLEX),
            Map.entry("MultivariateNormal", REAL_VECTOR), Map.entry("Bernoulli", BOOLEAN),
            Map.entry("Categorical", FINITE_INTEGERS), Map.entry("Binomial", FINITE_INTEGERS),
            Map.entry("Poisson", NONNEGATIVE_INTEGERS), Map.entry("Geometric", NONNEGATIVE_INTEGERS),
            Map.entry("OneHotCategorical", ONE_HOT));

    /** The runtime package whose families {@link #ofFamily} knows. */
    public static final String RUNTIME_PACKAGE = "dev.trellis.runtime.distributions";

    private final String description;

    Support(String description) {
        this.description = description;
    }

    /** {@return the support of a runtime family given its qualified class name; UNKNOWN for any other class} */
    public static Support ofFamily(String qualifiedName) {
        if (!qualifiedName.startsWith(RUNTIME_PACKAGE + ".")) {
            return UNKNOWN;
        }
        return FAMILIES.getOrDefault(qualifiedName.substring(RUNTIME_PACKAGE.length() + 1), UNKNOWN);
    }

    /** {@return words for messages, e.g. "positive or non-negative"} */
    public String description() {
        return description;
    }
}
