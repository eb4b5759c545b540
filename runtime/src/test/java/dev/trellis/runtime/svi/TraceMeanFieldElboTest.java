package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.distributions.ExpandedDistribution;
import dev.trellis.runtime.distributions.Gamma;
import dev.trellis.runtime.distributions.HalfCauchy;
import dev.trellis.runtime.distributions.KlDivergence;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.Poisson;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TraceMeanFieldElboTest {

    private static final double[] DATA = {0.3, -1.2, 2.0, 0.7};
    private static final double PRIOR_LOC = 0.5;
    private static final double PRIOR_SCALE = 2.0;
    private static final double LOC = 0.4;
    private static final double SCALE = 0.8;

    /** mu ~ Normal(0.5, 2); x_i ~ Normal(mu, 1) in plate "data". */
    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(PRIOR_LOC, PRIOR_SCALE));
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), Tensor.vector(DATA),
                Plate.full("data", 4, -1));
    };

    /** mu ~ Normal(loc, scale), loc real and scale positive. */
    private static final Program GUIDE = context -> {
        Tensor loc = context.param("loc", Tensor.scalar(LOC));
        Tensor scale = context.param("scale", Tensor.scalar(SCALE), new Constraint.Positive());
        context.sample("mu", Normal.of(loc, scale));
    };

    /** The exact ELBO of the normal-normal model with a Normal(m, s) guide: E_q log p(x | mu) - KL(q || prior). */
    private static double exactElbo(double m, double s) {
        double expectedLikelihood = 0;
        for (double x : DATA) {
            expectedLikelihood += -0.5 * Math.log(2 * Math.PI) - ((x - m) * (x - m) + s * s) / 2;
        }
        return expectedLikelihood - normalKl(m, s);
    }

    private static double normalKl(double m, double s) {
        return Math.log(PRIOR_SCALE / s) + (s * s + (m - PRIOR_LOC) * (m - PRIOR_LOC)) / (2 * PRIOR_SCALE * PRIOR_SCALE)
                - 0.5;
    }

    @Test
    void theEstimateIsTheLikelihoodAtTheDrawMinusTheClosedFormKl() {
        for (long seed = 1; seed <= 5; seed++) {
            ElboEstimate estimate = new TraceMeanFieldElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()),
                    Rng.seeded(seed));
            double mu = LOC + SCALE * Rng.seeded(seed).nextGaussian();
            assertEquals(mu, estimate.guide().site("mu").value().item(), 1e-15);
            double likelihood = 0;
            for (double x : DATA) {
                likelihood += -0.5 * Math.log(2 * Math.PI) - (x - mu) * (x - mu) / 2;
            }
            double expected = -(likelihood - normalKl(LOC, SCALE));
            assertEquals(expected, estimate.loss(), 1e-12 * Math.abs(expected), "seed " + seed);
            assertEquals(estimate.loss(), estimate.surrogateLoss().item(), 1e-12 * Math.abs(expected),
                    "fully reparameterised: the surrogate is the loss");
        }
    }

    @Test
    void theGradientIsThePathwiseLikelihoodGradientMinusTheKlGradient() {
        ParamScope scope = new ParamScope(new ParamStore());
        ElboEstimate estimate = new TraceMeanFieldElbo().estimate(MODEL, GUIDE, scope, Rng.seeded(9));
        Gradients gradients = Autodiff.gradients(estimate.surrogateLoss());
        double eps = Rng.seeded(9).nextGaussian();
        double mu = LOC + SCALE * eps;
        double residuals = 0;
        for (double x : DATA) {
            residuals += x - mu;
        }
        double byLoc = residuals - (LOC - PRIOR_LOC) / (PRIOR_SCALE * PRIOR_SCALE);
        double byScale = residuals * eps + 1 / SCALE - SCALE / (PRIOR_SCALE * PRIOR_SCALE);
        assertEquals(-byLoc, gradients.of(scope.leaves().get("loc")).item(), 1e-12);
        // the leaf is log(scale): d/d log s = s d/ds
        assertEquals(-SCALE * byScale, gradients.of(scope.leaves().get("scale")).item(), 1e-12);
    }

    @Test
    void itIsUnbiasedForTheExactElboAndItsGradientAndItsKlTermHasNoNoise() {
        int draws = 8_000;
        MonteCarlo meanField = losses(new TraceMeanFieldElbo(), draws, 1);
        MonteCarlo trace = losses(new TraceElbo(), draws, 2);
        meanField.assertMeanIs(-exactElbo(LOC, SCALE), "TraceMeanField_ELBO loss");
        trace.assertMeanIs(-exactElbo(LOC, SCALE), "Trace_ELBO loss");
        meanField.assertSameMeanAs(trace, "the two estimators");
        // Trace_ELBO's KL term is log q(mu) - log p(mu) at the draw: the closed form in expectation, with noise that
        // the analytic term does not have.
        MonteCarlo sampledKl = MonteCarlo.of(draws, i -> {
            ElboEstimate estimate = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()),
                    Rng.seeded(5_000_000L + i));
            return estimate.guide().site("mu").logProb().item() - estimate.model().site("mu").logProb().item();
        });
        sampledKl.assertMeanIs(normalKl(LOC, SCALE), "Trace_ELBO's sampled KL term");
        System.out.printf("normal-normal: KL term variance analytic 0, sampled %.4f; whole-loss variance "
                + "TraceMeanField_ELBO %.4f, Trace_ELBO %.4f%n", sampledKl.variance(), meanField.variance(),
                trace.variance());
        assertTrue(sampledKl.variance() > 0.01, "the sampled KL term is noisy: variance " + sampledKl.variance());
        // The whole loss need not be less noisy: here the sampled KL term is correlated with the likelihood's noise
        // (a control variate), so Trace_ELBO's loss varies less; the gamma-poisson test below shows the other case.

        double residuals = 0;
        for (double x : DATA) {
            residuals += x - LOC;
        }
        double exactByLoc = residuals - (LOC - PRIOR_LOC) / (PRIOR_SCALE * PRIOR_SCALE);
        double exactByScale = -DATA.length * SCALE + 1 / SCALE - SCALE / (PRIOR_SCALE * PRIOR_SCALE);
        gradients(new TraceMeanFieldElbo(), draws, "loc", 3).assertMeanIs(-exactByLoc, "d loss / d loc");
        gradients(new TraceMeanFieldElbo(), draws, "scale", 4).assertMeanIs(-SCALE * exactByScale,
                "d loss / d log scale");
    }

    /** rate_j ~ Gamma(2, 1) in plate "groups" (an ExpandedDistribution), y_j ~ Poisson(rate_j). */
    private static final Program GAMMA_POISSON = context -> {
        Plate groups = Plate.full("groups", 3, -1);
        Tensor rate = context.sample("rate", Gamma.of(2.0, 1.0).expand(3), groups);
        context.observe("y", Poisson.of(rate), Tensor.vector(1, 4, 0), groups);
    };

    private static final Program GAMMA_GUIDE = context -> {
        Tensor shape = context.param("a", Tensor.vector(1.5, 3.0, 1.2), new Constraint.Positive());
        Tensor rate = context.param("b", Tensor.vector(1.1, 0.9, 2.0), new Constraint.Positive());
        context.sample("rate", Gamma.of(shape, rate), Plate.full("groups", 3, -1));
    };

    @Test
    void anExpandedGammaPriorGetsItsClosedFormKlPerPlateMember() {
        ElboEstimate estimate = new TraceMeanFieldElbo().estimate(GAMMA_POISSON, GAMMA_GUIDE,
                new ParamScope(new ParamStore()), Rng.seeded(6));
        assertInstanceOf(ExpandedDistribution.class, estimate.model().site("rate").distribution());
        Tensor rate = estimate.guide().site("rate").value();
        double likelihood = Poisson.of(rate).logProb(Tensor.vector(1, 4, 0)).sum().item();
        double kl = KlDivergence.kl(Gamma.of(Tensor.vector(1.5, 3.0, 1.2), Tensor.vector(1.1, 0.9, 2.0)),
                Gamma.of(2.0, 1.0)).sum().item();
        assertEquals(-(likelihood - kl), estimate.loss(), 1e-12 * Math.abs(estimate.loss()));

        int draws = 8_000;
        MonteCarlo meanField = MonteCarlo.of(draws, i -> new TraceMeanFieldElbo().estimate(GAMMA_POISSON, GAMMA_GUIDE,
                new ParamScope(new ParamStore()), Rng.seeded(100_000L + i)).loss());
        MonteCarlo trace = MonteCarlo.of(draws, i -> new TraceElbo().estimate(GAMMA_POISSON, GAMMA_GUIDE,
                new ParamScope(new ParamStore()), Rng.seeded(200_000L + i)).loss());
        meanField.assertSameMeanAs(trace, "gamma-poisson: TraceMeanField_ELBO and Trace_ELBO");
        System.out.printf("gamma-poisson: loss variance TraceMeanField_ELBO %.4f, Trace_ELBO %.4f (ratio %.3f)%n",
                meanField.variance(), trace.variance(), meanField.variance() / trace.variance());
        assertTrue(meanField.variance() < trace.variance());
    }

    @Test
    void withoutAClosedFormTheEstimateIsTraceElbosAtTheSameDraw() {
        Program model = context -> {
            Tensor tau = context.sample("tau", HalfCauchy.of(2.0));
            context.observe("y", Normal.of(Tensor.scalar(0.0), tau), Tensor.scalar(1.3));
        };
        Program guide = context -> context.sample("tau", LogNormal.of(context.param("m", Tensor.scalar(0.1)),
                context.param("s", Tensor.scalar(0.5), new Constraint.Positive())));
        // an auxiliary site, as the autoguides have: its log q is subtracted, and the Delta's KL falls back to MC
        Program auxiliary = context -> {
            Tensor u = context.sample("_aux", Normal.of(context.param("m", Tensor.scalar(0.1)),
                    context.param("s", Tensor.scalar(0.5), new Constraint.Positive())), SiteOptions.AUXILIARY);
            Tensor tau = u.exp();
            context.sample("tau", Delta.of(tau, u.neg(), 0));
        };
        for (Program g : new Program[] {guide, auxiliary}) {
            double meanField = new TraceMeanFieldElbo().estimate(model, g, new ParamScope(new ParamStore()),
                    Rng.seeded(3)).loss();
            double trace = new TraceElbo().estimate(model, g, new ParamScope(new ParamStore()), Rng.seeded(3)).loss();
            assertEquals(trace, meanField, 1e-12 * Math.abs(trace));
        }
    }

    @Test
    void aGuideSiteWithoutRsampleIsRejectedByName() {
        Program model = context -> {
            Tensor coin = context.sample("coin", Bernoulli.of(0.3));
            context.observe("y", Normal.of(coin, Tensor.scalar(1.0)), Tensor.scalar(0.5));
        };
        Program guide = context -> context.sample("coin", Bernoulli.of(context.param("p", Tensor.scalar(0.5),
                new Constraint.UnitInterval())));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TraceMeanFieldElbo().estimate(model, guide, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertTrue(error.getMessage().contains("guide site 'coin'"), error.getMessage());
    }

    private static MonteCarlo losses(Elbo elbo, int draws, long stream) {
        return MonteCarlo.of(draws, i -> elbo.estimate(MODEL, GUIDE, new ParamScope(new ParamStore()),
                Rng.seeded(stream * 1_000_000L + i)).loss());
    }

    private static MonteCarlo gradients(Elbo elbo, int draws, String param, long stream) {
        return MonteCarlo.of(draws, i -> {
            ParamScope scope = new ParamScope(new ParamStore());
            ElboEstimate estimate = elbo.estimate(MODEL, GUIDE, scope, Rng.seeded(stream * 1_000_000L + i));
            return Autodiff.gradients(estimate.surrogateLoss()).of(scope.leaves().get(param)).item();
        });
    }
}
