package dev.trellis.runtime.random;

/**
 * The one check every vector of probabilities or weights passes before use, so that a Categorical
 * and a raw categorical draw reject the same bad entries with the same words.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class Weights {

    private Weights() {
    }

    /**
     * Returns the sum of {@code probs} after checking that there is at least one entry and that every
     * entry is finite and non-negative; {@code probs} is not modified.
     *
     * @param whenEmpty the end of the message for an empty array, e.g. "a Categorical needs at least one category"
     * @throws IllegalArgumentException naming the index and value of the first bad entry
     *     ("probs[2] = -0.1 is negative", "probs[1] is NaN"), or that the array is empty
     */
    public static double checkedSum(double[] probs, String whenEmpty) {
        if (probs.length == 0) {
            throw new IllegalArgumentException("probs is empty; " + whenEmpty);
        }
        double sum = 0.0;
        for (int k = 0; k < probs.length; k++) {
            double p = probs[k];
            if (Double.isNaN(p)) {
                throw new IllegalArgumentException("probs[" + k + "] is NaN");
            }
            if (Double.isInfinite(p)) {
                throw new IllegalArgumentException("probs[" + k + "] = " + p + " is not finite");
            }
            if (p < 0.0) {
                throw new IllegalArgumentException("probs[" + k + "] = " + p + " is negative");
            }
            sum += p;
        }
        return sum;
    }
}
