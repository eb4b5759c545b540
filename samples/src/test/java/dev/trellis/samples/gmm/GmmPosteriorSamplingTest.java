package dev.trellis.samples.gmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact posterior samples of the assignments (temperature 1) have the exact joint posterior's frequencies: a
 * chi-square test over all 2^3 joint assignments of three data points, whose expected counts are products of the
 * per-datum posterior probabilities (the assignments are independent given the globals).
 */
class GmmPosteriorSamplingTest {
    private static final int DRAWS = 40_000;
    /** The 0.999 quantile of chi-square with 7 degrees of freedom: a correct sampler fails one seed in 1000. */
    private static final double CHI_SQUARE_7_999 = 24.322;

    @Test
    void jointFrequenciesMatchTheExactPosterior() {
        // Data between the two locations, so that every joint assignment has an expected count above 400.
        double[] data = {5.0, 6.0, 7.0};
        var program = new GmmProgram(new Gmm(2), data, 2);
        GmmInference posterior = program.inference(Map.of("weights", Tensor.vector(0.7, 0.3),
                "scale", Tensor.scalar(3.0), "locs", Tensor.vector(4.0, 7.5)));
        double[][] probabilities = posterior.marginals(data).assignment();

        long[] counts = new long[8];
        Rng rng = Rng.seeded(17);
        for (int draw = 0; draw < DRAWS; draw++) {
            int[] z = posterior.samplePosterior(data, rng).assignment();
            counts[z[0] + 2 * z[1] + 4 * z[2]]++;
        }
        double chiSquare = 0;
        for (int code = 0; code < 8; code++) {
            double p = probabilities[0][code & 1] * probabilities[1][(code >> 1) & 1] * probabilities[2][(code >> 2) & 1];
            double expected = DRAWS * p;
            assertTrue(expected > 400, "expected count of cell " + code + " is " + expected);
            chiSquare += (counts[code] - expected) * (counts[code] - expected) / expected;
        }
        assertTrue(chiSquare < CHI_SQUARE_7_999, "chi-square " + chiSquare + " with 7 degrees of freedom");
    }
}
