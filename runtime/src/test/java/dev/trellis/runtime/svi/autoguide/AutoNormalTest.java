package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.HalfNormal;
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
import dev.trellis.runtime.transforms.SoftplusTransform;
import dev.trellis.runtime.transforms.StickBreakingTransform;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoNormalTest {

    private static final Tensor Y = Tensor.vector(0.8, 1.9, 1.1, 2.4);

    /** mu ~ Normal(0, 2); y_i ~ Normal(mu, 1) for 4 observations in a plate. */
    private static final Program NORMAL_NORMAL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        context.observe("y", Normal.of(mu, Tensor.scalar(1.0)), Y, Plate.full("data", 4, -1));
    };

    /** One guide run through the ELBO estimator, whose guide trace records each site's distribution and value. */
    private static Site guideSite(Program model, AutoGuide guide, ParamStore store, String name, long seed) {
        return new TraceElbo().estimate(model, guide, new ParamScope(store), Rng.seeded(seed)).guide().site(name);
    }

    @Test
    void learnsTheExactPosteriorOfTheConjugateNormalModel() {
        // Posterior precision 1/4 + 4 = 4.25: mean = sum(y) / 4.25 = 6.2 / 4.25, sd = 1 / sqrt(4.25).
        double mean = 6.2 / 4.25;
        double sd = 1 / Math.sqrt(4.25);
        AutoNormal guide = new AutoNormal(NORMAL_NORMAL);
        ParamStore store = new ParamStore();
        Svi svi = new Svi(NORMAL_NORMAL, guide, Adam.withLearningRate(0.01), new TraceElbo(), store);
        Rng rng = Rng.seeded(7);
        int steps = 5000;
        int batches = 20;
        int batchLength = 100;
        double[] locMeans = new double[batches];
        double[] scaleMeans = new double[batches];
        for (int step = 0; step < steps; step++) {
            svi.step(rng);
            int tail = step - (steps - batches * batchLength);
            if (tail >= 0) {
                Tensor scale = new SoftplusTransform()
                        .forward(store.unconstrained(AutoNormal.scaleName("mu")));
                locMeans[tail / batchLength] += store.unconstrained(AutoNormal.locName("mu")).item() / batchLength;
                scaleMeans[tail / batchLength] += scale.item() / batchLength;
            }
        }
        // The ELBO's optimum is the exact posterior (the guide family contains it). The averaged iterate's error is
        // Adam's noise on one-particle gradients: its standard error comes from 20 batch means of 100 iterates each
        // (batches longer than the ~50-step correlation time of the iterates, so nearly independent). Allow 4
        // standard errors, and require the standard errors to be small so the check cannot pass vacuously.
        assertWithinStandardErrors(mean, locMeans, "posterior mean");
        assertWithinStandardErrors(sd, scaleMeans, "posterior sd");
    }

    private static void assertWithinStandardErrors(double exact, double[] batchMeans, String what) {
        double average = 0;
        for (double m : batchMeans) {
            average += m / batchMeans.length;
        }
        double variance = 0;
        for (double m : batchMeans) {
            variance += (m - average) * (m - average) / (batchMeans.length - 1);
        }
        double standardError = Math.sqrt(variance / batchMeans.length);
        assertTrue(standardError < 0.01, what + ": standard error " + standardError + " is too large to test with");
        // 1e-3 covers the small bias of averaging a nonlinear (softplus) map of a noisy iterate
        assertEquals(exact, average, 4 * standardError + 1e-3, what + " (standard error " + standardError + ")");
    }

    @Test
    void logQOfAPositiveSiteIsTheNormalDensityOfItsLogMinusTheLog() {
        Program model = context -> {
            Tensor tau = context.sample("tau", HalfNormal.of(1.5));
            context.observe("y", Normal.of(Tensor.scalar(0.0), tau), Tensor.scalar(0.4));
        };
        ParamStore store = new ParamStore();
        Site site = guideSite(model, new AutoNormal(model), store, "tau", 3);
        // init_to_feasible: transform_to(positive)(0) = 1, so loc = log 1 = 0; scale 0.1
        assertEquals(0.0, store.unconstrained(AutoNormal.locName("tau")).item(), 0.0);
        double z = site.value().item();
        double u = Math.log(z);
        double byHand = -0.5 * Math.pow(u / 0.1, 2) - Math.log(0.1) - 0.5 * Math.log(2 * Math.PI) - u;
        assertEquals(byHand, site.logProb().item(), 1e-12);
        assertEquals(byHand, site.distribution().logProb(Tensor.scalar(z)).item(), 1e-12, "a copy of z, inverted");
    }

    @Test
    void aDirichletLatentIsGuidedThroughStickBreaking() {
        Program model = context -> {
            Tensor p = context.sample("p", Dirichlet.of(1.0, 2.0, 3.0));
            context.observe("x", Categorical.of(p).expand(3), Tensor.vector(0, 2, 2), Plate.full("n", 3, -1));
        };
        ParamStore store = new ParamStore();
        Site site = guideSite(model, new AutoNormal(model), store, "p", 4);
        assertArrayEquals(new int[] {2}, store.unconstrained(AutoNormal.locName("p")).shape(), "K - 1 locations");
        assertArrayEquals(new int[] {2}, store.unconstrained(AutoNormal.scaleName("p")).shape(), "K - 1 scales");
        assertArrayEquals(new int[] {3}, site.value().shape(), "a K-simplex value");
        assertEquals(1.0, site.value().sum().item(), 1e-12);
        // log q = log N(x; 0, 0.1) summed over the K - 1 entries - log |det| of stick-breaking at x
        StickBreakingTransform stick = new StickBreakingTransform();
        Tensor x = stick.inverse(site.value());
        double logNormal = 0;
        for (double xi : x.toArray()) {
            logNormal += -0.5 * Math.pow(xi / 0.1, 2) - Math.log(0.1) - 0.5 * Math.log(2 * Math.PI);
        }
        double byHand = logNormal - stick.logAbsDetJacobian(x, site.value()).item();
        assertEquals(byHand, site.logProb().item(), 1e-9);
    }

    @Test
    void paramNamesShapesAndInitialValuesAreAutoNormalsAndPlatesGetOnePerMember() {
        Program model = context -> {
            Plate groups = Plate.full("groups", 3, -1);
            Tensor theta = context.sample("theta", Normal.of(0.0, 1.0), groups);    // a scalar prior, in a plate
            context.observe("y", Normal.of(theta, Tensor.scalar(1.0)), Tensor.vector(1, 2, 3), groups);
        };
        ParamStore store = new ParamStore();
        AutoNormal guide = new AutoNormal(model);
        guideSite(model, guide, store, "theta", 5);
        assertEquals(Set.of("AutoNormal.locs.theta", "AutoNormal.scales.theta"), store.names());
        assertArrayEquals(new double[] {0, 0, 0}, store.unconstrained("AutoNormal.locs.theta").toArray(), 0.0);
        assertEquals(new Constraint.SoftplusPositive(), store.entry("AutoNormal.scales.theta").constraint());
        // stored through softplus: softplus^-1(0.1) = log(expm1(0.1)) per member
        double stored = Math.log(Math.expm1(0.1));
        assertArrayEquals(new double[] {stored, stored, stored},
                store.unconstrained("AutoNormal.scales.theta").toArray(), 1e-15);
        assertEquals(1, guide.latentSites().size());
        assertArrayEquals(new double[] {0, 0, 0}, guide.median(store).get("theta").toArray(), 0.0);
    }

    @Test
    void theMedianIsTheBijectionOfTheLocation() {
        Program model = context -> context.sample("tau", HalfNormal.of(1.0));
        ParamStore store = new ParamStore();
        AutoNormal guide = new AutoNormal(model).withInit(InitStrategy.values(Map.of("tau",
                Tensor.scalar(2.5))));
        assertThrows(IllegalStateException.class, () -> guide.median(store), "not run yet");
        guideSite(model, guide, store, "tau", 6);
        assertEquals(Math.log(2.5), store.unconstrained(AutoNormal.locName("tau")).item(), 1e-15);
        assertEquals(2.5, guide.median(store).get("tau").item(), 1e-15);
    }

    @Test
    void aDiscreteLatentSiteIsRejectedByName() {
        Program model = context -> {
            Tensor coin = context.sample("coin", Bernoulli.of(0.3));
            context.observe("y", Normal.of(coin, Tensor.scalar(1.0)), Tensor.scalar(0.5));
        };
        SiteException error = assertThrows(SiteException.class,
                () -> guideSite(model, new AutoNormal(model), new ParamStore(), "coin", 1));
        assertEquals("coin", error.site());
        assertTrue(error.getMessage().contains("discrete"), error.getMessage());
    }
}
