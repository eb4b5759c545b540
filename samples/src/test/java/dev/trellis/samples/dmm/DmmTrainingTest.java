package dev.trellis.samples.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.JsonTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DSL's DMM trained as {@code svi_reference} in {@code shared/golden/dmm_seed.json} records Pyro training it:
 * torch's default initialisation, ClippedAdam (lr 0.003, betas 0.96 / 0.999, clip 10), one-particle Trace_ELBO, 3000
 * steps on the file's series, five seeds. Stochastic optimisation is compared statistically: the mean over the seeds
 * of each run's mean loss over its last 200 steps lies within three standard errors of Pyro's (35.44, runs' sd 1.07).
 * The 15,000 steps take about 25 s on one core (Pyro took 929 s).
 */
class DmmTrainingTest {

    private static final JsonNode GOLDEN = Golden.load("dmm_seed.json");

    @Test
    void fiveSeedsEndWhereFivePyroRunsEnd() {
        JsonNode hyper = GOLDEN.get("svi_reference").get("hyper");
        assertEquals(0.003, hyper.get("lr").asDouble());
        assertEquals(0.96, hyper.get("betas").get(0).asDouble());
        assertEquals(10.0, hyper.get("clip_norm").asDouble());
        int steps = hyper.get("steps").asInt();
        int last = hyper.get("last_k").asInt();
        int seeds = hyper.get("seeds").size();
        Tensor x = JsonTensors.tensor(GOLDEN.get("x"));
        List<Double> perSeed = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            SineDmmFit fit = SineDmmFit.train(x, steps, 1.0, 1, Rng.seeded(1000 + seed), new TrainingListener() { });
            perSeed.add(fit.meanOfLastLosses(last));
        }
        double mean = perSeed.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double pyroMean = GOLDEN.get("svi_reference").get("mean_of_mean_last_200").asDouble();
        double pyroSd = GOLDEN.get("svi_reference").get("sd_of_mean_last_200").asDouble();
        // two independent means of five runs each: their difference has standard deviation sd * sqrt(2 / 5)
        double tolerance = 3 * pyroSd * Math.sqrt(2.0 / seeds);
        assertTrue(Math.abs(mean - pyroMean) < tolerance, "mean of the last " + last + " losses " + mean
                + " (per seed " + perSeed + ") but Pyro's " + pyroMean + " +- " + tolerance);
        assertEquals(5, seeds);
    }
}
