package dev.trellis.runtime.distributions;

import dev.trellis.runtime.random.Rng;

/**
 * A distribution over the finite support {@code {0, 1, ..., supportSize() - 1}}, which exact inference can
 * sum or maximise over by listing every value.
 *
 * <p>Log-probabilities are natural logs and may be {@code -Infinity} for values of probability zero; they are
 * never NaN.
 *
 * <p>Implementations are immutable and thread-safe, as every {@link Distribution}.
 */
public interface EnumerableDistribution extends Distribution {

    /** {@return the number of values in the support, at least 1} */
    int supportSize();

    /**
     * Returns the log-probability of one value.
     *
     * @param value a value in {@code [0, supportSize())}
     * @return {@code log p(value)}, possibly {@code -Infinity}
     * @throws IllegalArgumentException naming the value and the support if the value lies outside it
     */
    double logProb(int value);

    /**
     * Writes the log-probability of every value of the support into {@code out}, so that generated code can
     * fill preallocated tables without allocating.
     *
     * @param out modified: {@code out[k] = logProb(k)} for every k; must have length {@code supportSize()}
     * @throws IllegalArgumentException if {@code out.length != supportSize()}
     */
    void logProbsInto(double[] out);

    /**
     * Draws one value.
     *
     * @param rng the random stream; advanced by the draw
     * @return a value in {@code [0, supportSize())}; values of probability zero are never returned
     */
    int sampleValue(Rng rng);
}
