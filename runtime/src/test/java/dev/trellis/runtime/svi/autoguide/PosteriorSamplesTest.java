package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.HalfNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PosteriorSamplesTest {

    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 1.0), Plate.full("groups", 2, -1));
        Tensor tau = context.sample("tau", HalfNormal.of(1.0));
        context.observe("y", Normal.of(mu, tau), Tensor.vector(0.1, 0.2), Plate.full("groups", 2, -1));
    };

    @Test
    void drawsFromAnAutoNormalHaveItsMeansAndScales() {
        // mu starts at [1.5, -0.5] and tau at 2 (loc log 2); every scale is 0.1 on the unconstrained space
        AutoNormal guide = new AutoNormal(MODEL).withInit(InitStrategy.values(
                Map.of("mu", Tensor.vector(1.5, -0.5), "tau", Tensor.scalar(2.0))));
        ParamStore store = new ParamStore();
        int n = 4000;
        PosteriorSamples draws = PosteriorSamples.draw(guide, store, n, Rng.seeded(9));
        assertEquals(Set.of("mu", "tau"), draws.sites());
        assertArrayEquals(new int[] {n, 2}, draws.samples("mu").shape());
        assertArrayEquals(new int[] {n}, draws.samples("tau").shape());
        assertFalse(draws.samples("mu").requiresGrad(), "drawn without gradients");
        // standard errors: of a mean 0.1 / sqrt(n) = 0.0016, of an sd about 0.1 / sqrt(2n) = 0.0011; allow 4 of each
        assertArrayEquals(new double[] {1.5, -0.5}, draws.mean("mu").toArray(), 4 * 0.1 / Math.sqrt(n));
        assertArrayEquals(new double[] {0.1, 0.1}, draws.sd("mu").toArray(), 4 * 0.1 / Math.sqrt(2 * n));
        // tau = exp(N(log 2, 0.1)) is log-normal: median 2, mean 2 exp(0.005), sd mean * sqrt(expm1(0.01))
        double mean = 2 * Math.exp(0.005);
        double sd = mean * Math.sqrt(Math.expm1(0.01));
        assertEquals(mean, draws.mean("tau").item(), 4 * sd / Math.sqrt(n));
        assertEquals(2.0, guide.median(store).get("tau").item(), 1e-15);
    }

    @Test
    void aPointMassGuideDrawsItsPointEveryTimeAndOneDrawHasNoSd() {
        AutoDelta guide = new AutoDelta(MODEL).withInit(InitStrategy.values(
                Map.of("mu", Tensor.vector(0.3, 0.4), "tau", Tensor.scalar(1.2))));
        PosteriorSamples draws = PosteriorSamples.draw(guide, new ParamStore(), 3, Rng.seeded(1));
        assertArrayEquals(new double[] {0.3, 0.4, 0.3, 0.4, 0.3, 0.4}, draws.samples("mu").toArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0}, draws.sd("mu").toArray(), 1e-15, "up to the rounding of the mean");
        PosteriorSamples one = PosteriorSamples.draw(guide, new ParamStore(), 1, Rng.seeded(1));
        assertTrue(Double.isNaN(one.sd("tau").item()), "n - 1 = 0, as torch's std");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> one.samples("nu"));
        assertTrue(unknown.getMessage().contains("'nu'"), unknown.getMessage());
    }
}
