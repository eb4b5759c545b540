package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.random.Rng;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * torch's default initialisation, as {@code default_init} in {@code shared/golden/nn_layers.json} records it: every
 * entry uniform on {@code [-b, b)} with {@code b = 1/sqrt(fan_in)} (Linear, Conv1d) or {@code 1/sqrt(hidden)} (RNN,
 * GRU). Over 2000 initialisations per layer: no entry outside the bound, the largest close to it (as torch's own
 * 2000 draws recorded in the file), and the mean and variance of each tensor's entries within 5 standard errors of
 * the uniform distribution's 0 and {@code b^2 / 3}.
 */
class DefaultInitTest {

    private static final int INITS = 2000;
    private static final JsonNode EMPIRICAL = GoldenNn.load("nn_layers.json").get("default_init_empirical_check");

    @Test
    void linearWeightAndBiasAreUniformWithinOneOverSqrtFanIn() {
        checkAll(rng -> new Linear(3, 4, rng), EMPIRICAL.get("Linear(3,4).weight"),
                Map.of("weight", 1 / Math.sqrt(3), "bias", 1 / Math.sqrt(3)));
    }

    @Test
    void recurrentParametersAreUniformWithinOneOverSqrtHidden() {
        Map<String, Double> bounds = Map.of("weight_ih_l0", 0.5, "weight_hh_l0", 0.5, "bias_ih_l0", 0.5,
                "bias_hh_l0", 0.5);
        checkAll(rng -> new Rnn(3, 4, Rnn.Nonlinearity.TANH, true, rng), EMPIRICAL.get("RNN(3,4)"), bounds);
        checkAll(rng -> new Gru(3, 4, true, rng), EMPIRICAL.get("RNN(3,4)"), bounds);
    }

    @Test
    void conv1dWeightAndBiasAreUniformWithinOneOverSqrtChannelsTimesKernel() {
        checkAll(rng -> new Conv1d(1, 2, 3, 1, rng), EMPIRICAL.get("Conv1d(1,2,3)"),
                Map.of("weight", 1 / Math.sqrt(3), "bias", 1 / Math.sqrt(3)));
    }

    @Test
    void theSameSeedGivesTheSameParametersAndAnotherSeedOthers() {
        Linear a = new Linear(5, 2, Rng.seeded(7));
        Linear b = new Linear(5, 2, Rng.seeded(7));
        Linear c = new Linear(5, 2, Rng.seeded(8));
        assertEquals(a.parameterValues(), b.parameterValues());
        assertNotEquals(a.parameterValues(), c.parameterValues());
    }

    private static void checkAll(Function<Rng, Module> make, JsonNode torch, Map<String, Double> bounds) {
        double torchBound = torch.get("bound").asDouble();
        Rng rng = Rng.seeded(2024);
        Map<String, double[]> moments = new HashMap<>();
        Map<String, Double> largest = new HashMap<>();
        for (int k = 0; k < INITS; k++) {
            Module module = make.apply(rng);
            module.parameterValues().forEach((path, value) -> {
                double bound = bounds.get(path);
                double[] m = moments.computeIfAbsent(path, p -> new double[3]);
                for (double v : value.toArray()) {
                    assertTrue(v >= -bound && v < bound, path + " = " + v + " outside [-" + bound + ", " + bound + ")");
                    m[0] += 1;
                    m[1] += v;
                    m[2] += v * v;
                    largest.merge(path, Math.abs(v), Math::max);
                }
            });
        }
        moments.forEach((path, m) -> {
            double bound = bounds.get(path);
            assertEquals(torchBound, bound, 1e-15, path + ": the bound torch used");
            double n = m[0];
            double mean = m[1] / n;
            double meanSquare = m[2] / n;
            double variance = bound * bound / 3;
            // standard errors: of the mean sqrt(b^2/3 / n); of the mean square sqrt((b^4/5 - b^4/9) / n)
            assertEquals(0, mean, 5 * Math.sqrt(variance / n), path + " mean");
            assertEquals(variance, meanSquare, 5 * Math.sqrt((Math.pow(bound, 4) * (1.0 / 5 - 1.0 / 9)) / n),
                    path + " mean square");
            // torch's own largest entry over 2000 inits came within 1e-4 of the bound; with at least 4000 draws per
            // tensor, missing the top 0.3% of the range has probability below (1 - 0.003)^4000 < 1e-5
            assertTrue(largest.get(path) > bound * (1 - 3e-3), path + " largest " + largest.get(path));
        });
    }
}
