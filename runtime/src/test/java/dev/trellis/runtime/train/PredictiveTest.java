package dev.trellis.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The posterior predictive of a conjugate model against its closed form. mu ~ Normal(0, 1), y_i ~ Normal(mu, 1) for
 * the n = 4 data: the posterior is Normal(m, s^2) with s^2 = 1 / (n + 1) and m = sum(y) s^2, so each replicate y_new_i
 * has mean m and variance s^2 + 1, and two entries of one replicate share mu: covariance s^2.
 */
class PredictiveTest {
    private static final Tensor DATA = Tensor.vector(0.9, 1.7, -0.3, 1.3);
    private static final double S2 = 1.0 / (DATA.size(0) + 1);
    private static final double M = (0.9 + 1.7 - 0.3 + 1.3) * S2;
    private static final int DRAWS = 40_000;

    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 1.0));
        Plate data = context.plate("data", DATA.size(0), -1);
        context.observe("y", Normal.of(mu, Tensor.scalar(1.0)).expand(DATA.size(0)), DATA, data);
    };

    /** The exact posterior as a guide, its parameters read from the store. */
    private static final Program EXACT_GUIDE = context -> context.sample("mu",
            Normal.of(context.param("m", Tensor.scalar(M)), context.param("s", Tensor.scalar(Math.sqrt(S2)))));

    @Test
    void replicatesFromTheExactPosteriorHaveThePredictiveMomentsOfTheConjugateModel() {
        Map<String, Tensor> draws = Predictive.fromGuide(MODEL, EXACT_GUIDE, new ParamStore(), DRAWS, Rng.seeded(4));

        assertEquals(List.of("mu", "y"), List.copyOf(draws.keySet()));
        Tensor y = draws.get("y");
        assertArrayEquals(new int[] {DRAWS, 4}, y.shape());
        double[][] rows = y.toRows();
        for (int i = 0; i < 4; i++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[i] / DRAWS;
            }
            double variance = 0;
            for (double[] row : rows) {
                variance += (row[i] - mean) * (row[i] - mean) / (DRAWS - 1);
            }
            // standard errors: sqrt((s^2 + 1) / N) = 0.0055 for the mean, (s^2 + 1) sqrt(2 / N) = 0.0085 for the
            // variance; 5 of them
            assertEquals(M, mean, 5 * Math.sqrt((S2 + 1) / DRAWS), "mean of y_new[" + i + "]");
            assertEquals(S2 + 1, variance, 5 * (S2 + 1) * Math.sqrt(2.0 / DRAWS), "variance of y_new[" + i + "]");
        }
        double covariance = 0;
        double mean0 = 0;
        double mean1 = 0;
        for (double[] row : rows) {
            mean0 += row[0] / DRAWS;
            mean1 += row[1] / DRAWS;
        }
        for (double[] row : rows) {
            covariance += (row[0] - mean0) * (row[1] - mean1) / (DRAWS - 1);
        }
        // sd of the sample covariance: sqrt((var0 var1 + cov^2) / N) = 0.0061
        assertEquals(S2, covariance, 5 * Math.sqrt(((S2 + 1) * (S2 + 1) + S2 * S2) / DRAWS), "cov(y_new[0], y_new[1])");
    }

    @Test
    void givenDrawsOfTheLatentSitesAreReplayedAsTheyAre() {
        Tensor mu = Tensor.vector(-3.0, 0.0, 100.0);
        Map<String, Tensor> draws = Predictive.fromSamples(MODEL, Map.of("mu", mu), new ParamStore(), Rng.seeded(1));

        assertArrayEquals(mu.toArray(), draws.get("mu").toArray());
        double[][] y = draws.get("y").toRows();
        for (double v : y[2]) {
            assertTrue(Math.abs(v - 100.0) < 6, "a replicate at mu = 100 is drawn around 100: " + v);
        }
    }

    @Test
    void aSiteDownstreamOfAnObservedOneReadsTheNewDraw() {
        Program chain = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 1.0));
            Tensor first = context.observe("first", Normal.of(mu, Tensor.scalar(1e-9)), Tensor.scalar(50.0));
            context.observe("second", Normal.of(first, Tensor.scalar(1e-9)), Tensor.scalar(50.0));
        };
        Map<String, Tensor> draws = Predictive.fromSamples(chain, Map.of("mu", Tensor.vector(2.0)), new ParamStore(),
                Rng.seeded(2));
        assertEquals(2.0, draws.get("second").get(0), 1e-6);
    }

    @Test
    void mistakesNameTheSite() {
        ParamStore store = new ParamStore();
        Rng rng = Rng.seeded(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Predictive.fromSamples(MODEL, Map.of(), store,
                rng)).getMessage().contains("at least one draw"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Predictive.fromSamples(MODEL,
                Map.of("nu", Tensor.vector(1.0)), store, rng)).getMessage().contains("latent site 'mu'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Predictive.fromSamples(MODEL,
                Map.of("mu", Tensor.vector(1.0), "nu", Tensor.vector(2.0)), store, rng)).getMessage()
                .contains("'nu', which is not a latent site of the model; its latent sites are [mu]"));
        Program enumerated = context -> context.factor("log_likelihood", Tensor.scalar(-3.0));
        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class,
                () -> Predictive.fromSamples(enumerated, Map.of("mu", Tensor.vector(1.0)), store, rng));
        assertTrue(factor.getMessage().contains("site 'log_likelihood' is a factor"), factor.getMessage());
        assertTrue(factor.getMessage().contains("predict"), factor.getMessage());
    }
}
