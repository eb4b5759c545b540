package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceElboTest {
    private static final Tensor DATA = Tensor.vector(0.3, -1.2, 2.0, 0.7);

    /** mu ~ Normal(0, 2); x_i ~ Normal(mu, 1) in plate "data". */
    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        Plate data = Plate.full("data", 4, -1);
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), DATA, data);
    };

    /** mu ~ Normal(loc, scale) with learned loc and positive scale. */
    private static final Program GUIDE = context -> {
        Tensor loc = context.param("loc", Tensor.scalar(0.4));
        Tensor scale = context.param("scale", Tensor.scalar(0.8), new Constraint.Positive());
        context.sample("mu", Normal.of(loc, scale));
    };

    @Test
    void lossIsMinusLogJointPlusLogGuideAtTheGuidesDraw() {
        ParamStore store = new ParamStore();
        ElboEstimate estimate = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(store), Rng.seeded(5));
        // The guide's draw, recomputed from the same stream: mu = loc + scale * z.
        double mu = 0.4 + 0.8 * Rng.seeded(5).nextGaussian();
        double logJoint = normalLogDensity(mu, 0, 2);
        for (double x : DATA.toArray()) {
            logJoint += normalLogDensity(x, mu, 1);
        }
        double expected = -(logJoint - normalLogDensity(mu, 0.4, 0.8));
        assertEquals(expected, estimate.loss(), 1e-12 * Math.abs(expected));
        assertEquals(mu, estimate.guide().site("mu").value().item(), 1e-15);
        assertTrue(estimate.guide().site("mu").reparameterised());
    }

    @Test
    void reparameterisedGradientIsTheDerivativeOfTheSameSeedLoss() {
        ParamStore store = new ParamStore();
        ParamScope scope = new ParamScope(store);
        ElboEstimate estimate = new TraceElbo().estimate(MODEL, GUIDE, scope, Rng.seeded(11));
        Gradients gradients = Autodiff.gradients(estimate.surrogateLoss());
        for (String name : new String[] {"loc", "scale"}) {
            double analytic = gradients.of(scope.leaves().get(name)).item();
            double h = 1e-6;
            double numeric = (lossAt(store, name, h) - lossAt(store, name, -h)) / (2 * h);
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), name);
        }
    }

    @Test
    void particlesAverageTheirLosses() {
        double one = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()), Rng.seeded(3)).loss();
        Rng rng = Rng.seeded(3);
        double first = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()), rng).loss();
        double second = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()), rng).loss();
        double two = new TraceElbo(2).estimate(MODEL, GUIDE, new ParamScope(new ParamStore()), Rng.seeded(3)).loss();
        assertEquals(one, first, 0.0);
        assertEquals((first + second) / 2, two, 1e-12 * Math.abs(two));
    }

    @Test
    void aSubsampledPlateScalesItsSitesBySizeOverSubsampleSize() {
        Plate half = Plate.subsample("data", 4, 2, -1, Rng.seeded(2));
        int[] members = half.indices();
        Tensor chosen = Tensor.vector(DATA.toArray()[members[0]], DATA.toArray()[members[1]]);
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(2), chosen, half);
        };
        ElboEstimate estimate = new TraceElbo().estimate(model, GUIDE, new ParamScope(new ParamStore()),
                Rng.seeded(5));
        double mu = estimate.guide().site("mu").value().item();
        double logLikelihood = normalLogDensity(chosen.toArray()[0], mu, 1) + normalLogDensity(chosen.toArray()[1], mu, 1);
        double expected = -(normalLogDensity(mu, 0, 2) + 2 * logLikelihood - normalLogDensity(mu, 0.4, 0.8));
        assertEquals(expected, estimate.loss(), 1e-12 * Math.abs(expected));
        assertEquals(2.0, estimate.model().site("x").scale(), 0.0);
    }

    @Test
    void maskedEntriesContributeNothingAndScaleMultiplies() {
        Tensor mask = Tensor.vector(1, 0, 0, 1);
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), DATA,
                    new SiteOptions(3.0, mask), Plate.full("data", 4, -1));
        };
        ElboEstimate estimate = new TraceElbo().estimate(model, GUIDE, new ParamScope(new ParamStore()),
                Rng.seeded(5));
        double mu = estimate.guide().site("mu").value().item();
        double logLikelihood = 3 * (normalLogDensity(0.3, mu, 1) + normalLogDensity(0.7, mu, 1));
        double expected = -(normalLogDensity(mu, 0, 2) + logLikelihood - normalLogDensity(mu, 0.4, 0.8));
        assertEquals(expected, estimate.loss(), 1e-12 * Math.abs(expected));
    }

    @Test
    void aLatentSiteTheGuideLacksIsNamed() {
        Program guide = context -> context.param("loc", Tensor.scalar(0.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TraceElbo()
                .estimate(MODEL, guide, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertEquals("site 'mu' is latent in the model but the guide does not sample it; add it to the guide (or "
                + "observe it in the model)", e.getMessage());
    }

    @Test
    void aGuideSiteTheModelLacksIsNamed() {
        Program guide = context -> {
            context.sample("mu", Normal.of(0.0, 1.0));
            context.sample("nu", Normal.of(0.0, 1.0));
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TraceElbo()
                .estimate(MODEL, guide, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertTrue(e.getMessage().startsWith("the guide samples [nu], which the model does not sample"),
                e.getMessage());
    }

    @Test
    void aBatchDimensionOutsideEveryPlateIsReported() {
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), DATA);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TraceElbo()
                .estimate(model, GUIDE, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertTrue(e.getMessage().startsWith("site 'x': batch dim -1 of the log-probability (shape [4]) has size 4 "
                + "but lies in no plate"), e.getMessage());
    }

    @Test
    void anObservedValueOutsideTheSupportNamesTheSite() {
        Program model = context -> {
            context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", dev.trellis.runtime.distributions.HalfNormal.of(1.0), Tensor.scalar(-1.0));
        };
        SiteException e = assertThrows(SiteException.class, () -> new TraceElbo()
                .estimate(model, GUIDE, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertEquals("x", e.site());
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    }

    /** The loss with one parameter's unconstrained value moved by {@code delta}, on the same seed as the test. */
    private static double lossAt(ParamStore store, String name, double delta) {
        ParamStore moved = new ParamStore();
        store.snapshot().forEach((n, entry) -> moved.define(n, n.equals(name)
                ? entry.unconstrained().add(delta) : entry.unconstrained(), entry.constraint()));
        return new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(moved), Rng.seeded(11)).loss();
    }

    static double normalLogDensity(double x, double loc, double scale) {
        double z = (x - loc) / scale;
        return -0.5 * z * z - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
    }

    @SuppressWarnings("unused")
    private static Map<String, Tensor> none() {
        return Map.of();
    }
}
