package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson's goodness-of-fit test of draw counts against exact probabilities. Cells expected fewer than 5 times are
 * pooled into one cell (or into the smallest other cell when the pool is still below 5); a draw in a cell of
 * probability 0 is reported separately by {@link #impossibleCell}.
 */
final class ChiSquare {

    private ChiSquare() {
    }

    static int impossibleCell(long[] counts, double[] probabilities) {
        for (int i = 0; i < counts.length; i++) {
            if (probabilities[i] == 0.0 && counts[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    /** The p-value of the counts under the probabilities; 1 when fewer than two cells remain after pooling. */
    static double pValue(long[] counts, double[] probabilities) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        List<double[]> cells = new ArrayList<>();
        double pooledExpected = 0.0;
        double pooledObserved = 0.0;
        for (int i = 0; i < counts.length; i++) {
            double expected = probabilities[i] * n;
            if (probabilities[i] == 0.0) {
                continue;
            }
            if (expected < 5.0) {
                pooledExpected += expected;
                pooledObserved += counts[i];
            } else {
                cells.add(new double[] {expected, counts[i]});
            }
        }
        if (pooledExpected > 0.0) {
            if (pooledExpected >= 5.0 || cells.isEmpty()) {
                cells.add(new double[] {pooledExpected, pooledObserved});
            } else {
                double[] smallest = cells.get(0);
                for (double[] cell : cells) {
                    if (cell[0] < smallest[0]) {
                        smallest = cell;
                    }
                }
                smallest[0] += pooledExpected;
                smallest[1] += pooledObserved;
            }
        }
        if (cells.size() < 2) {
            return 1.0;
        }
        double statistic = 0.0;
        for (double[] cell : cells) {
            double diff = cell[1] - cell[0];
            statistic += diff * diff / cell[0];
        }
        return 1.0 - new ChiSquaredDistribution(cells.size() - 1).cumulativeProbability(statistic);
    }
}
