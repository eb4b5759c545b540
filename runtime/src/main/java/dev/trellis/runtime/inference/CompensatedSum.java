package dev.trellis.runtime.inference;

/**
 * A running sum with Neumaier's compensation, for the log-normalisers of long chains.
 *
 * <p>A forward pass over 10^6 steps adds 10^6 terms of order 1 into a total of order 10^6; plain summation
 * then loses up to ~10^6 ulps in the worst case, compensated summation about one. The cost is three flops per
 * term, nothing next to the K^2 of a forward step. Only finite terms may be added: callers track
 * {@code -Infinity} (impossible evidence) separately, because the compensation of an infinite term is NaN.
 *
 * <p>Not thread-safe: a running sum, owned by the loop that adds to it.
 */
public final class CompensatedSum {

    /** Starts at 0. */
    public CompensatedSum() {
    }

    private double sum;
    private double compensation;

    /** Adds a finite term; modifies this sum. */
    public void add(double term) {
        double next = sum + term;
        if (Math.abs(sum) >= Math.abs(term)) {
            compensation += (sum - next) + term;
        } else {
            compensation += (term - next) + sum;
        }
        sum = next;
    }

    /** Returns the compensated total of the terms added since the last {@link #reset()}. */
    public double value() {
        return sum + compensation;
    }

    /** Sets the total back to 0; modifies this sum. */
    public void reset() {
        sum = 0.0;
        compensation = 0.0;
    }
}
