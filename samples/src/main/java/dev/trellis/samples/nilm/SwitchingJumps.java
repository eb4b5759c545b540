package dev.trellis.samples.nilm;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Starting draws read off the reading's jumps. Between two readings most appliances do nothing, so the reading changes
 * by noise alone, except where an appliance switches: there it jumps by that appliance's draw, up or down. Clustering
 * the sizes of the jumps that stand out from the noise (in log space, since draws span orders of magnitude) finds the
 * draws, one group per appliance, without knowing anything of the appliances.
 */
final class SwitchingJumps {
    /** A jump stands out when it is this many noise standard deviations of a difference of two readings. */
    static final double THRESHOLD = 5.0;
    /** Lloyd iterations are cheap in one dimension; this bounds them when assignments cycle on ties. */
    private static final int MAX_ITERATIONS = 100;

    private SwitchingJumps() {}

    /**
     * {@return the log sizes of the jumps that stand out: above {@link #THRESHOLD} times the typical change between
     * readings (the median absolute change over 0.6745, the Normal's median absolute deviation)}
     */
    static double[] logSizes(double[] reading) {
        double[] changes = new double[reading.length - 1];
        for (int t = 1; t < reading.length; t++) {
            changes[t - 1] = Math.abs(reading[t] - reading[t - 1]);
        }
        double[] sorted = changes.clone();
        Arrays.sort(sorted);
        double threshold = THRESHOLD * NilmFit.quantile(sorted, 0.5) / 0.6745;
        return Arrays.stream(changes).filter(change -> change > threshold && change > 0).map(Math::log).toArray();
    }

    /**
     * {@return the centres of the {@code count} densest groups of {@code sorted} values, increasing, or fewer if there
     * are not that many} Greedy: the value with the most others within {@code halfWidth} is a peak, its centre the mean
     * of those; values within twice the half-width of it are set aside, and the next peak is sought among the rest.
     * A rarely used appliance makes few jumps, but they are alike, so its peak stands out from stray ones (two
     * appliances switching in the same minute).
     */
    static double[] peaks(double[] sorted, int count, double halfWidth) {
        boolean[] taken = new boolean[sorted.length];
        double[] centres = new double[count];
        int found = 0;
        while (found < count) {
            int best = -1;
            int bestCount = 0;
            for (int i = 0; i < sorted.length; i++) {
                int near = taken[i] ? 0 : near(sorted, taken, sorted[i], halfWidth);
                if (near > bestCount) {
                    best = i;
                    bestCount = near;
                }
            }
            if (best < 0) {
                break;
            }
            double centre = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (!taken[i] && Math.abs(sorted[i] - sorted[best]) <= halfWidth) {
                    centre += sorted[i] / bestCount;
                }
            }
            for (int i = 0; i < sorted.length; i++) {
                taken[i] |= Math.abs(sorted[i] - centre) <= 2 * halfWidth;
            }
            centres[found++] = centre;
        }
        double[] result = Arrays.copyOf(centres, found);
        Arrays.sort(result);
        return result;
    }

    private static int near(double[] sorted, boolean[] taken, double value, double halfWidth) {
        int near = 0;
        for (int i = 0; i < sorted.length; i++) {
            near += !taken[i] && Math.abs(sorted[i] - value) <= halfWidth ? 1 : 0;
        }
        return near;
    }

    /**
     * {@return {@code clusters} centres of {@code values}, increasing: k-means from k-means++ seeds drawn with
     * {@code rng}, or null if there are fewer distinct values than clusters}
     */
    static double @Nullable [] centres(double[] values, int clusters, Rng rng) {
        if (Arrays.stream(values).distinct().count() < clusters) {
            return null;
        }
        double[] centres = new double[clusters];
        centres[0] = values[rng.nextInt(values.length)];
        double[] nearest = new double[values.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 1; c < clusters; c++) {
            double total = 0;
            for (int i = 0; i < values.length; i++) {
                double d = values[i] - centres[c - 1];
                nearest[i] = Math.min(nearest[i], d * d);
                total += nearest[i];
            }
            double u = rng.nextDouble() * total;
            int pick = -1;
            for (int i = 0; i < values.length && u >= 0; i++) {
                if (nearest[i] > 0) {   // a value already chosen has weight 0 and is never chosen again
                    pick = i;
                    u -= nearest[i];
                }
            }
            centres[c] = values[pick];
        }
        int[] assigned = new int[values.length];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean moved = false;
            for (int i = 0; i < values.length; i++) {
                int best = 0;
                for (int c = 1; c < clusters; c++) {
                    if (Math.abs(values[i] - centres[c]) < Math.abs(values[i] - centres[best])) {
                        best = c;
                    }
                }
                moved |= iteration == 0 || assigned[i] != best;
                assigned[i] = best;
            }
            if (!moved) {
                break;
            }
            double[] sum = new double[clusters];
            int[] count = new int[clusters];
            for (int i = 0; i < values.length; i++) {
                sum[assigned[i]] += values[i];
                count[assigned[i]]++;
            }
            for (int c = 0; c < clusters; c++) {
                if (count[c] > 0) {   // an emptied cluster keeps its centre
                    centres[c] = sum[c] / count[c];
                }
            }
        }
        Arrays.sort(centres);
        return centres;
    }
}
