package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AutoDeltaTest {

    private static final Tensor FLIPS = Tensor.vector(1, 1, 0, 1, 1, 0, 1, 1, 0, 1);   // 7 heads of 10

    /** p ~ Beta(2, 3); 10 flips ~ Bernoulli(p) in a plate. */
    private static final Program BETA_BERNOULLI = context -> {
        Tensor p = context.sample("p", Beta.of(2.0, 3.0));
        context.observe("flips", Bernoulli.of(p).expand(10), FLIPS, Plate.full("flips", 10, -1));
    };

    private static Site guideSite(Program model, AutoGuide guide, ParamStore store, String name) {
        return new TraceElbo().estimate(model, guide, new ParamScope(store), Rng.seeded(1)).guide().site(name);
    }

    @Test
    void reachesTheMapOfTheBetaBernoulliModel() {
        // posterior Beta(2 + 7, 3 + 3); its mode (a - 1) / (a + b - 2) = 8 / 13 is the MAP
        ParamStore store = new ParamStore();
        AutoDelta guide = new AutoDelta(BETA_BERNOULLI);
        Svi svi = new Svi(BETA_BERNOULLI, guide, Adam.withLearningRate(0.02), new TraceElbo(), store);
        for (int step = 0; step < 3000; step++) {
            svi.step(Rng.seeded(step));
        }
        // The Delta guide makes the loss deterministic (-log p(flips, p)), so Adam settles on the optimum; 1e-6 is
        // far below any other local feature of this concave-in-logit objective and above Adam's residual jitter.
        assertEquals(8.0 / 13.0, guide.median(store).get("p").item(), 1e-6);
        Site site = guideSite(BETA_BERNOULLI, guide, store, "p");
        assertEquals(0.0, site.logProb().item(), 0.0, "a point mass adds log q = 0");
    }

    @Test
    void theEstimateIsStoredThroughTheSigmoidAndStartsAtThePriorMedian() {
        ParamStore store = new ParamStore();
        guideSite(BETA_BERNOULLI, new AutoDelta(BETA_BERNOULLI), store, "p");
        assertEquals(Set.of("AutoDelta.p"), store.names());
        assertEquals(new Constraint.UnitInterval(), store.entry("AutoDelta.p").constraint());
        // init_to_median: the 8th smallest of 15 Beta(2, 3) draws from the strategy's own stream (seed 0)
        Rng rng = Rng.seeded(0);
        double[] draws = new double[15];
        for (int i = 0; i < 15; i++) {
            draws[i] = Beta.of(2.0, 3.0).sample(rng).item();
        }
        Arrays.sort(draws);
        double median = draws[7];
        assertEquals(Math.log(median) - Math.log1p(-median), store.unconstrained("AutoDelta.p").item(), 1e-12,
                "transform_to(unit_interval) = sigmoid, so the store holds logit(p)");
    }

    @Test
    void aSimplexEstimateIsStoredThroughSoftmaxAsTransformToDoes() {
        Program model = context -> {
            Tensor probs = context.sample("probs_x", Dirichlet.of(1.0, 1.0, 1.0, 1.0));
            context.observe("x", Categorical.of(probs).expand(2), Tensor.vector(0, 3), Plate.full("n", 2, -1));
        };
        ParamStore store = new ParamStore();
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity());
        Site site = guideSite(model, guide, store, "probs_x");
        assertEquals(Set.of("probs_x"), store.names(), "plain site names, as the JSB CLI wants");
        assertEquals(new Constraint.Simplex(), store.entry("probs_x").constraint());
        // multivariate, so init_to_median falls back to feasible: softmax(0) = uniform; softmax's inverse is log p,
        // one free value per entry (4 of them, where stick-breaking would store 3)
        double logQuarter = Math.log(0.25);
        assertArrayEquals(new double[] {logQuarter, logQuarter, logQuarter, logQuarter},
                store.unconstrained("probs_x").toArray(), 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, site.value().toArray(), 1e-15);
    }

    @Test
    void aSiteInAPlateGetsOneEstimatePerMember() {
        Program model = context -> {
            Plate groups = Plate.full("groups", 3, -1);
            Tensor theta = context.sample("theta", Normal.of(0.0, 1.0), groups);
            context.observe("y", Normal.of(theta, Tensor.scalar(1.0)), Tensor.vector(1, 2, 3), groups);
        };
        ParamStore store = new ParamStore();
        Site site = guideSite(model, new AutoDelta(model), store, "theta");
        assertArrayEquals(new int[] {3}, store.unconstrained("AutoDelta.theta").shape());
        assertEquals(new Constraint.Real(), store.entry("AutoDelta.theta").constraint());
        assertArrayEquals(new int[] {3}, site.logProb().shape(), "one log q term per member");
    }

    @Test
    void hiddenSitesAreLeftOutAndDiscreteExposedSitesAreRejectedByName() {
        Program model = context -> {
            Tensor p = context.sample("probs_y", Beta.of(1.0, 1.0));
            Tensor coin = context.sample("coin", Bernoulli.of(p));
            context.observe("y", Normal.of(coin, Tensor.scalar(1.0)), Tensor.scalar(0.5));
        };
        SiteException error = assertThrows(SiteException.class,
                () -> guideSite(model, new AutoDelta(model), new ParamStore(), "coin"));
        assertEquals("coin", error.site());
        assertTrue(error.getMessage().contains("AutoDelta") && error.getMessage().contains("discrete"),
                error.getMessage());
        AutoDelta blocked = new AutoDelta(model).exposing(name -> name.startsWith("probs_"));
        ParamStore store = new ParamStore();
        PosteriorSamples.draw(blocked, store, 1, Rng.seeded(2));
        assertEquals(Set.of("AutoDelta.probs_y"), store.names());
        assertEquals(1, blocked.latentSites().size());
    }
}
