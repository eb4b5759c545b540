package dev.trellis.runtime.elimination;

/** How the kernels represent and combine table values. */
enum Semiring {

    /**
     * Probabilities relative to a log-scale kept beside them: products are products, sums are sums. The fast
     * kernels' sum-product along scans.
     */
    SCALED,

    /** Log values: products are sums, sums are log-sum-exp. */
    LOG,

    /** Log values under max-plus: products are sums, sums are maxima (MAP). */
    MAX
}
