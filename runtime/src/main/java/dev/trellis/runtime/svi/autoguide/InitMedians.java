package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/** The entry-wise median of prior draws that {@link InitStrategy#median(int, long)} starts from. */
final class InitMedians {

    private InitMedians() {
    }

    /**
     * Draws {@code numSamples} values from {@code prior} and returns, entry by entry, the middle one: torch's
     * {@code samples.median(dim=0)}, which for an even count takes the lower of the two middle values (no averaging).
     *
     * @throws IllegalArgumentException if a median entry is NaN (Pyro raises ValueError there and falls back)
     */
    static Tensor entrywiseMedian(Distribution prior, int numSamples, Rng rng) {
        double[][] draws = new double[numSamples][];
        int[] shape = new int[0];
        for (int s = 0; s < numSamples; s++) {
            Tensor draw = prior.sample(rng);
            shape = draw.shape();
            draws[s] = draw.toArray();
        }
        double[] median = new double[draws[0].length];
        double[] column = new double[numSamples];
        for (int i = 0; i < median.length; i++) {
            for (int s = 0; s < numSamples; s++) {
                column[s] = draws[s][i];
            }
            Arrays.sort(column);
            median[i] = column[(numSamples - 1) / 2];
            if (Double.isNaN(median[i])) {
                throw new IllegalArgumentException("the median of prior draws is NaN at flat index " + i);
            }
        }
        return Tensor.of(median, shape);
    }
}
