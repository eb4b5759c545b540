package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A Bernoulli latent that is not enumerated has no reparameterised sampler: Trace_ELBO uses its score function. */
class ScoreFunctionTest {
    private static final double PRIOR = 0.3;
    private static final double[] DATA = {0.4, 0.9, 0.2};

    /** z ~ Bernoulli(0.3); x_i ~ Normal(z ? 1 : -1, 1.5) for three observations. */
    private static final Program MODEL = context -> {
        Tensor z = context.sample("z", Bernoulli.of(Tensor.scalar(PRIOR)));
        Tensor loc = z.mul(2.0).sub(1.0);
        context.observe("x", Normal.of(loc, Tensor.scalar(1.5)).expand(DATA.length), Tensor.vector(DATA),
                Plate.full("data", DATA.length, -1));
    };

    private static final Program GUIDE = context -> {
        Tensor p = context.param("p", Tensor.scalar(0.5), new Constraint.UnitInterval());
        context.sample("z", Bernoulli.of(p));
    };

    @Test
    void theGuideIsNotReparameterised() {
        ElboEstimate estimate = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()),
                Rng.seeded(1));
        assertFalse(estimate.guide().site("z").reparameterised());
    }

    @Test
    void trainingReachesTheExactPosterior() {
        // Bayes: P(z = 1 | x) = 0.3 L1 / (0.3 L1 + 0.7 L0) with L the Normal likelihoods of the data.
        double logL1 = 0;
        double logL0 = 0;
        for (double x : DATA) {
            logL1 += TraceElboTest.normalLogDensity(x, 1, 1.5);
            logL0 += TraceElboTest.normalLogDensity(x, -1, 1.5);
        }
        double posterior = 1 / (1 + (1 - PRIOR) / PRIOR * Math.exp(logL0 - logL1));

        ParamStore store = new ParamStore();
        Svi svi = new Svi(MODEL, GUIDE, Adam.withLearningRate(0.02), new TraceElbo(8), store);
        Rng rng = Rng.seeded(17);
        int steps = 4000;
        int averaged = 2000;
        double sum = 0;
        for (int step = 1; step <= steps; step++) {
            svi.step(rng);
            if (step > steps - averaged) {
                sum += 1 / (1 + Math.exp(-store.unconstrained("p").item()));
            }
        }
        // The guide family holds the exact posterior (any Bernoulli), so the ELBO's optimum is it; the score-function
        // gradient is unbiased but noisy, and the average of the last 2000 iterates sits within 0.02 of it (the
        // iterates' spread at lr 0.02 with 8 particles is about 0.03; averaging removes most of it).
        assertEquals(posterior, sum / averaged, 0.02);
    }
}
