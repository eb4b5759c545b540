package dev.trellis.runtime.inference;

import java.util.Arrays;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against exact cell probabilities, for the
 * sampler tests.
 *
 * <p>Cells whose expected count is below 5 are pooled into one cell (and that pool, if still below 5, into the
 * smallest remaining cell) so the chi-square approximation holds. Cells of probability exactly 0 are not part
 * of the test: a single draw in one of them is a failure on its own, reported by {@link #impossibleCell}.
 */
final class ChiSquareGoodnessOfFit {

    private ChiSquareGoodnessOfFit() {
    }

    /** Returns the first cell with a positive count but probability 0, or -1 if there is none. */
    static int impossibleCell(long[] counts, double[] probs) {
        for (int i = 0; i < counts.length; i++) {
            if (probs[i] == 0.0 && counts[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the p-value of the counts under the probabilities (which must sum to 1 over their positive cells).
     *
     * @throws IllegalArgumentException if fewer than two cells remain after pooling
     */
    static double pValue(long[] counts, double[] probs) {
        long n = Arrays.stream(counts).sum();
        double[] expected = new double[probs.length];
        long[] observed = new long[probs.length];
        int cells = 0;
        double pooledExpected = 0.0;
        long pooledObserved = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] == 0.0) {
                continue;
            }
            double e = probs[i] * n;
            if (e < 5.0) {
                pooledExpected += e;
                pooledObserved += counts[i];
            } else {
                expected[cells] = e;
                observed[cells] = counts[i];
                cells++;
            }
        }
        if (pooledExpected > 0.0) {
            if (pooledExpected >= 5.0 || cells == 0) {
                expected[cells] = pooledExpected;
                observed[cells] = pooledObserved;
                cells++;
            } else {
                int smallest = 0;
                for (int c = 1; c < cells; c++) {
                    if (expected[c] < expected[smallest]) {
                        smallest = c;
                    }
                }
                expected[smallest] += pooledExpected;
                observed[smallest] += pooledObserved;
            }
        }
        if (cells < 2) {
            throw new IllegalArgumentException("only " + cells + " cell(s) after pooling; nothing to test");
        }
        double statistic = 0.0;
        for (int c = 0; c < cells; c++) {
            double diff = observed[c] - expected[c];
            statistic += diff * diff / expected[c];
        }
        return 1.0 - new ChiSquaredDistribution(cells - 1).cumulativeProbability(statistic);
    }
}
