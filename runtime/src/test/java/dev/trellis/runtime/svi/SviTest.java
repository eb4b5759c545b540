package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.Uniform;
import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SviTest {
    private static final Tensor DATA = Tensor.vector(0.3, -1.2, 2.0, 0.7);

    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), DATA, Plate.full("data", 4, -1));
    };

    private static final Program GUIDE = context -> {
        Tensor loc = context.param("loc", Tensor.scalar(0.0));
        Tensor scale = context.param("scale", Tensor.scalar(1.0), new Constraint.Positive());
        context.sample("mu", Normal.of(loc, scale));
    };

    @Test
    void aNormalGuideLearnsTheConjugatePosterior() {
        // Prior precision 1/4 plus 4 unit-variance observations: posterior N(1.8 / 4.25, 1 / 4.25).
        double mean = 1.8 / 4.25;
        double sd = Math.sqrt(1 / 4.25);
        ParamStore store = new ParamStore();
        Svi svi = new Svi(MODEL, GUIDE, Adam.withLearningRate(0.01), new TraceElbo(4), store);
        Rng rng = Rng.seeded(2026);
        double locSum = 0;
        double scaleSum = 0;
        int steps = 4000;
        int averaged = 1000;
        for (int step = 1; step <= steps; step++) {
            svi.step(rng);
            if (step > steps - averaged) {
                locSum += store.unconstrained("loc").item();
                scaleSum += Math.exp(store.unconstrained("scale").item());
            }
        }
        // The optimum of the ELBO is the exact posterior here (the guide family contains it); what is left is the
        // noise of Adam on 4-particle gradients, which averaging the last 1000 iterates brings well below 0.03.
        assertEquals(mean, locSum / averaged, 0.03);
        assertEquals(sd, scaleSum / averaged, 0.03);
        assertEquals(steps, svi.stepsTaken());
    }

    @Test
    void aNonFiniteGradientStopsTrainingNamingStepAndParameterAndKeepsTheValues() {
        // d sqrt(a) / da is infinite at a = 0, the initial value.
        Program guide = context -> {
            Tensor a = context.param("a", Tensor.scalar(0.0));
            context.sample("mu", Normal.of(a.sqrt(), Tensor.scalar(1.0)));
        };
        ParamStore store = new ParamStore();
        Svi svi = new Svi(MODEL, guide, Adam.withLearningRate(0.1), new TraceElbo(), store);
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class, () -> svi.step(Rng.seeded(1)));
        assertEquals(1, e.step());
        assertEquals("a", e.parameter());
        assertTrue(e.getMessage().startsWith("training stopped at step 1: gradient of parameter 'a' is"),
                e.getMessage());
        assertEquals(0.0, store.unconstrained("a").item(), 0.0);
        assertEquals(0, svi.stepsTaken());
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingTheSiteAndKeepsTheValuesOfTheStepBefore() {
        boolean[] poisoned = {false};
        // x ~ Uniform(0, 1) observed at 1: inside torch's closed support, density zero: log p = -Infinity.
        Program model = context -> {
            context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", Uniform.of(0.0, 1.0), Tensor.scalar(poisoned[0] ? 1.0 : 0.5));
        };
        ParamStore store = new ParamStore();
        Svi svi = new Svi(model, GUIDE, Adam.withLearningRate(0.1), new TraceElbo(), store);
        Rng rng = Rng.seeded(9);
        svi.step(rng);
        svi.step(rng);
        Map<String, ParamStore.Entry> before = store.snapshot();
        poisoned[0] = true;
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class, () -> svi.step(rng));
        assertEquals(3, e.step());
        assertTrue(e.getMessage().contains("the loss is Infinity (non-finite log-probability at model site 'x')"),
                e.getMessage());
        assertEquals(before, store.snapshot());
    }

    @Test
    void theLossIsMinusTheElboOfTheGuidesDrawsAveragedOverParticles() {
        for (Elbo estimator : new Elbo[] {new TraceElbo(2), new TraceGraphElbo(2), new TraceMeanFieldElbo(2)}) {
            ParamStore store = new ParamStore();
            Svi svi = new Svi(MODEL, GUIDE, Adam.withLearningRate(0.1), estimator, store);
            double loss = svi.evaluateLoss(Rng.seeded(11));
            // the same draws by hand: the guide's mu for each particle, in turn, from the same stream
            Rng rng = Rng.seeded(11);
            double expected = 0;
            for (int particle = 0; particle < 2; particle++) {
                double mu = GuideRun.run(GUIDE, new ParamScope(store), rng, Map.of()).site("mu").value().item();
                double logLikelihood = 0;
                for (double x : DATA.toArray()) {
                    logLikelihood += normalLogDensity(x, mu, 1.0);
                }
                // log p(mu) - log q(mu) at the draw; the mean-field estimator takes -KL(q || p) in closed form
                // instead: log(2 / 1) + 1 / (2 * 4) - 1/2 for q = N(0, 1), p = N(0, 2)
                double latent = estimator instanceof TraceMeanFieldElbo ? -(Math.log(2) + 1.0 / 8 - 0.5)
                        : normalLogDensity(mu, 0.0, 2.0) - normalLogDensity(mu, 0.0, 1.0);
                expected -= (logLikelihood + latent) / 2;
            }
            String which = estimator.getClass().getSimpleName();
            assertEquals(expected, loss, 1e-12 * Math.abs(expected), which);
            assertEquals(loss, svi.step(Rng.seeded(11)), 0.0, which + ": a step returns the loss before its update");
            assertNotEquals(loss, svi.evaluateLoss(Rng.seeded(11)), which + ": the step moved the guide");
        }
    }

    private static double normalLogDensity(double x, double loc, double scale) {
        double z = (x - loc) / scale;
        return -0.5 * z * z - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
    }

    @Test
    void evaluatingTheLossChangesNoParameter() {
        ParamStore store = new ParamStore();
        Svi svi = new Svi(MODEL, GUIDE, Adam.withLearningRate(0.1), new TraceElbo(), store);
        svi.step(Rng.seeded(4));
        Map<String, ParamStore.Entry> before = store.snapshot();
        double loss = svi.evaluateLoss(Rng.seeded(5));
        assertTrue(Double.isFinite(loss));
        assertEquals(before, store.snapshot());
    }
}
