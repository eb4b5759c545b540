package dev.trellis.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson's goodness-of-fit test of draws against exact probabilities, at a false-alarm level of 1e-4. The cells are
 * chosen from the probabilities alone (never from the draws): every code expected at least 5 times is a bin of its
 * own, the rest are pooled into one bin (merged into the last one if it is expected fewer than 5 times). A draw of
 * probability zero fails at once.
 */
final class ChiSquare {
    static final double FALSE_ALARM = 1e-4;
    private static final double MIN_EXPECTED = 5;

    private ChiSquare() {}

    /**
     * Fails unless the draws fit the probabilities.
     *
     * @param probabilities by code, summing to 1
     * @param counts by code, how many draws gave it
     * @param draws the total number of draws
     */
    static void assertFits(double[] probabilities, Map<Integer, Integer> counts, int draws, String what) {
        counts.forEach((code, count) -> {
            if (probabilities[code] == 0) {
                throw new AssertionError(what + ": " + count + " draws of code " + code + ", which has probability 0");
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int code = 0; code < probabilities.length; code++) {
            if (probabilities[code] > 0) {
                order.add(code);
            }
        }
        order.sort(Comparator.comparingDouble((Integer code) -> -probabilities[code]).thenComparingInt(code -> code));
        List<double[]> bins = new ArrayList<>();   // {expected, observed}
        double restExpected = 0;
        double restObserved = 0;
        for (int code : order) {
            double expected = draws * probabilities[code];
            double observed = counts.getOrDefault(code, 0);
            if (expected >= MIN_EXPECTED) {
                bins.add(new double[] {expected, observed});
            } else {
                restExpected += expected;
                restObserved += observed;
            }
        }
        if (restExpected >= MIN_EXPECTED || bins.isEmpty()) {
            bins.add(new double[] {restExpected, restObserved});
        } else {
            bins.get(bins.size() - 1)[0] += restExpected;
            bins.get(bins.size() - 1)[1] += restObserved;
        }
        if (bins.size() < 2) {
            return;   // one cell: nothing to test beyond the impossible draws above
        }
        double statistic = 0;
        for (double[] bin : bins) {
            double difference = bin[1] - bin[0];
            statistic += difference * difference / bin[0];
        }
        int degrees = bins.size() - 1;
        double critical = new ChiSquaredDistribution(degrees).inverseCumulativeProbability(1 - FALSE_ALARM);
        if (statistic > critical) {
            throw new AssertionError(String.format("%s: chi-square %.2f over %d bins exceeds %.2f (false alarm %.0e)",
                    what, statistic, bins.size(), critical, FALSE_ALARM));
        }
    }
}
