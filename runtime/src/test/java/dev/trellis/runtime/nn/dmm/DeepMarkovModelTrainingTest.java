package dev.trellis.runtime.nn.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.nn.GoldenNn;
import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training the seed tutorial's DMM on its sine series as {@code svi_reference} in {@code shared/golden/dmm_seed.json}
 * did with Pyro: torch's default initialisation, ClippedAdam (lr 0.003, betas 0.96 / 0.999, clip 10), one-particle
 * Trace_ELBO, 3000 steps, five seeds. Stochastic optimisation is compared statistically: the mean over the seeds of
 * each run's mean loss over its last 200 steps must lie within three standard errors of Pyro's (here 35.25 against
 * Pyro's 35.44 +- 1.07). The 15000 steps take 25 s on one idle core (Pyro took 929 s), the slowest test of the module.
 */
class DeepMarkovModelTrainingTest {

    private static final JsonNode GOLDEN = GoldenNn.load("dmm_seed.json");

    @Test
    void fiveSeedsEndWhereFivePyroRunsEnd() {
        JsonNode reference = GOLDEN.get("svi_reference");
        JsonNode hyper = reference.get("hyper");
        int steps = hyper.get("steps").asInt();
        int last = hyper.get("last_k").asInt();
        Tensor x = GoldenNn.tensor(GOLDEN.get("x"));
        JsonNode config = GOLDEN.get("config");
        int seeds = hyper.get("seeds").size();
        double sum = 0;
        List<Double> perSeed = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            Rng rng = Rng.seeded(1000 + seed);
            DeepMarkovModel dmm = new DeepMarkovModel(config.get("x_dim").asInt(), config.get("z_dim").asInt(),
                    config.get("hidden_dim").asInt(), config.get("rnn_dim").asInt(), rng);
            ClippedAdam optimizer = new ClippedAdam(hyper.get("lr").asDouble(), hyper.get("betas").get(0).asDouble(),
                    hyper.get("betas").get(1).asDouble(), hyper.get("eps").asDouble(),
                    hyper.get("weight_decay").asDouble(), hyper.get("clip_norm").asDouble(),
                    hyper.get("lrd").asDouble());
            Svi svi = new Svi(dmm.model(x, 1.0), dmm.guide(x, 1.0), optimizer, new TraceElbo(), new ParamStore());
            double tail = 0;
            for (int step = 0; step < steps; step++) {
                double loss = svi.step(rng);
                if (step >= steps - last) {
                    tail += loss;
                }
            }
            perSeed.add(tail / last);
            sum += tail / last;
        }
        double mean = sum / seeds;
        double pyroMean = reference.get("mean_of_mean_last_200").asDouble();
        double pyroSd = reference.get("sd_of_mean_last_200").asDouble();
        // two independent means of five runs each: the difference has standard deviation sd * sqrt(2 / 5)
        double tolerance = 3 * pyroSd * Math.sqrt(2.0 / seeds);
        assertTrue(Math.abs(mean - pyroMean) < tolerance, "mean of the last " + last + " losses " + mean
                + " (per seed " + perSeed + ") but Pyro's " + pyroMean + " +- " + tolerance);
        assertEquals(5, seeds);
    }
}
