package dev.trellis.processor.ir;

/**
 * The set of values a site takes, as far as it is known at compile time. The size of a finite
 * domain is not: it is read from the site's distribution when inference runs (a Categorical's
 * number of categories), and the generated code checks that every call agrees on it.
 */
public enum Domain {
    /** {0, ..., n-1}, n bound at run time: the site can be enumerated, and its value is an int. */
    FINITE,
    /** Anything else (continuous, or countably infinite): the site cannot be enumerated. */
    OTHER;

    public static Domain of(DistributionType distribution) {
        return distribution.enumerable() ? FINITE : OTHER;
    }
}
