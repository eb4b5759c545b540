package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenyiElboTest {

    private static final double[] DATA = {0.3, -1.2, 2.0, 0.7};
    private static final double PRIOR_LOC = 0.5;
    private static final double PRIOR_SCALE = 2.0;

    /** mu ~ Normal(0.5, 2); x_i ~ Normal(mu, 1) in plate "data": the evidence is a closed-form Gaussian. */
    private static final Program MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(PRIOR_LOC, PRIOR_SCALE));
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(4), Tensor.vector(DATA),
                Plate.full("data", 4, -1));
    };

    private static Program guide(double loc, double scale) {
        return context -> context.sample("mu", Normal.of(context.param("loc", Tensor.scalar(loc)),
                context.param("scale", Tensor.scalar(scale), new Constraint.Positive())));
    }

    /** log p(x) = log N(x; 0.5 * 1, I + 4 * 1 1^T), by the matrix determinant lemma and Sherman-Morrison. */
    private static double logEvidence() {
        int n = DATA.length;
        double v = PRIOR_SCALE * PRIOR_SCALE;
        double sum = 0;
        double squares = 0;
        for (double x : DATA) {
            sum += x - PRIOR_LOC;
            squares += (x - PRIOR_LOC) * (x - PRIOR_LOC);
        }
        double quadratic = squares - v / (1 + n * v) * sum * sum;
        return -0.5 * n * Math.log(2 * Math.PI) - 0.5 * Math.log(1 + n * v) - 0.5 * quadratic;
    }

    private static double posteriorPrecision() {
        return 1 / (PRIOR_SCALE * PRIOR_SCALE) + DATA.length;
    }

    private static double posteriorMean() {
        double sum = 0;
        for (double x : DATA) {
            sum += x;
        }
        return (PRIOR_LOC / (PRIOR_SCALE * PRIOR_SCALE) + sum) / posteriorPrecision();
    }

    @Test
    void withTheExactPosteriorAsGuideEveryOrderAndParticleCountGivesTheLogEvidence() {
        Program exact = guide(posteriorMean(), 1 / Math.sqrt(posteriorPrecision()));
        for (double alpha : new double[] {0, 0.5, -1, 2}) {
            for (int particles : new int[] {1, 2, 5}) {
                double loss = new RenyiElbo(alpha, particles).estimate(MODEL, exact, new ParamScope(new ParamStore()),
                        Rng.seeded(particles)).loss();
                assertEquals(-logEvidence(), loss, 1e-12 * Math.abs(logEvidence()), "alpha " + alpha + ", K "
                        + particles);
            }
        }
    }

    /** The log weights log p(x, z_k) - log q(z_k) of the particles a K-particle estimate draws from {@code seed}. */
    private static double[] logWeights(Program guide, int particles, long seed) {
        Rng rng = Rng.seeded(seed);
        double[] weights = new double[particles];
        for (int k = 0; k < particles; k++) {
            weights[k] = -new TraceElbo().estimate(MODEL, guide, new ParamScope(new ParamStore()), rng).loss();
        }
        return weights;
    }

    private static double renyiBound(double[] weights, double alpha) {
        double max = Double.NEGATIVE_INFINITY;
        for (double w : weights) {
            max = Math.max(max, (1 - alpha) * w);
        }
        double sum = 0;
        for (double w : weights) {
            sum += Math.exp((1 - alpha) * w - max);
        }
        return (max + Math.log(sum / weights.length)) / (1 - alpha);
    }

    @Test
    void atAlphaZeroItIsTheImportanceWeightedBoundOfItsDraws() {
        Program guide = guide(0.2, 0.9);
        double[] weights = logWeights(guide, 5, 21);
        double iwae = Math.log((Math.exp(weights[0]) + Math.exp(weights[1]) + Math.exp(weights[2])
                + Math.exp(weights[3]) + Math.exp(weights[4])) / 5);
        double loss = new RenyiElbo(0, 5).estimate(MODEL, guide, new ParamScope(new ParamStore()), Rng.seeded(21))
                .loss();
        assertEquals(-iwae, loss, 1e-12 * Math.abs(iwae));
        for (double alpha : new double[] {-2, 0.5, 3}) {
            double renyi = new RenyiElbo(alpha, 5).estimate(MODEL, guide, new ParamScope(new ParamStore()),
                    Rng.seeded(21)).loss();
            assertEquals(-renyiBound(weights, alpha), renyi, 1e-12 * Math.abs(renyi), "alpha " + alpha);
        }
    }

    @Test
    void theBoundIsContinuousAtAlphaZeroTendsToTheMeanLogWeightAsAlphaTendsToOneAndFallsAsAlphaGrows() {
        Program guide = guide(0.2, 0.9);
        double[] weights = logWeights(guide, 6, 33);
        double mean = 0;
        for (double w : weights) {
            mean += w / weights.length;
        }
        double variance = 0;
        for (double w : weights) {
            variance += (w - mean) * (w - mean) / weights.length;
        }
        double atZero = loss(guide, 0, 6, 33);
        // d bound / d alpha at 0 is minus half the weights' variance (to first order): 1e-9 of it
        assertEquals(atZero, loss(guide, 1e-9, 6, 33), 1e-9 * variance + 1e-12 * Math.abs(atZero));
        // near 1 the bound is mean(w) + (1 - alpha) var(w) / 2 + O((1 - alpha)^2): Trace_ELBO's estimate in the limit
        for (double gap : new double[] {1e-6, -1e-6}) {
            assertEquals(-mean, loss(guide, 1 - gap, 6, 33), Math.abs(gap) * variance, "alpha = 1 - " + gap);
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (double alpha : new double[] {-3, -1, 0, 0.3, 0.9, 0.999, 1.001, 2, 5}) {
            double current = loss(guide, alpha, 6, 33);
            assertTrue(current >= previous - 1e-12, "the loss grows with alpha: " + current + " at " + alpha);
            previous = current;
        }
    }

    private static double loss(Program guide, double alpha, int particles, long seed) {
        return new RenyiElbo(alpha, particles).estimate(MODEL, guide, new ParamScope(new ParamStore()),
                Rng.seeded(seed)).loss();
    }

    @Test
    void itsGradientIsTheGradientOfTheBoundThroughTheReparameterisedDraws() {
        Program guide = guide(0.2, 0.9);
        for (double alpha : new double[] {0, 0.5, -1}) {
            ParamScope scope = new ParamScope(new ParamStore());
            ElboEstimate estimate = new RenyiElbo(alpha, 4).estimate(MODEL, guide, scope, Rng.seeded(5));
            Gradients renyi = Autodiff.gradients(estimate.surrogateLoss());
            // the bound by hand, as a tape over Trace_ELBO's differentiable log weights of the same draws
            ParamScope byHand = new ParamScope(new ParamStore());
            Rng rng = Rng.seeded(5);
            List<Tensor> weights = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                weights.add(new TraceElbo().estimate(MODEL, guide, byHand, rng).surrogateLoss().neg().mul(1 - alpha));
            }
            Tensor bound = Tensor.stack(0, weights).logSumExp().sub(Math.log(4)).div(1 - alpha);
            Gradients exact = Autodiff.gradients(bound.neg());
            assertEquals(bound.neg().item(), estimate.loss(), 1e-12 * Math.abs(estimate.loss()));
            for (String name : new String[] {"loc", "scale"}) {
                assertEquals(exact.of(byHand.leaves().get(name)).item(), renyi.of(scope.leaves().get(name)).item(),
                        1e-12, "alpha " + alpha + ", d / d " + name);
            }
        }
    }

    @Test
    void inExpectationTheImportanceWeightedBoundRisesWithTheParticlesTowardsTheLogEvidence() {
        Program guide = guide(0.2, 0.9);
        int draws = 4_000;
        MonteCarlo one = MonteCarlo.of(draws, i -> -loss(guide, 0, 1, 1_000_000L + i));
        MonteCarlo eight = MonteCarlo.of(draws, i -> -loss(guide, 0, 8, 2_000_000L + i));
        // K = 1 is Trace_ELBO: its expectation is the closed-form ELBO of a Normal(0.2, 0.9) guide
        double s = 0.9;
        double elbo = -Math.log(PRIOR_SCALE / s) - (s * s + (0.2 - PRIOR_LOC) * (0.2 - PRIOR_LOC))
                / (2 * PRIOR_SCALE * PRIOR_SCALE) + 0.5;
        for (double x : DATA) {
            elbo += -0.5 * Math.log(2 * Math.PI) - ((x - 0.2) * (x - 0.2) + s * s) / 2;
        }
        one.assertMeanIs(elbo, "the one-particle bound");
        System.out.printf("IWAE in expectation: K = 1 %.4f, K = 8 %.4f, log p(x) %.4f%n", one.mean(), eight.mean(),
                logEvidence());
        assertTrue(eight.mean() > one.mean() + MonteCarlo.STANDARD_ERRORS * Math.hypot(one.standardError(),
                eight.standardError()), "more particles, a tighter bound");
        assertTrue(eight.mean() < logEvidence() + MonteCarlo.STANDARD_ERRORS * eight.standardError(),
                "still a lower bound");
    }

    @Test
    void plateMembersThatEverySiteSharesGetTheirOwnBound() {
        double[] data = {0.2, 1.4, -0.5};
        Program model = context -> {
            Plate plate = Plate.full("data", 3, -1);
            Tensor z = context.sample("z", Normal.of(0.0, 1.0).expand(3), plate);
            context.observe("x", Normal.of(z, Tensor.scalar(1.0)), Tensor.vector(data), plate);
        };
        double[] locs = {0.1, 0.6, -0.2};
        Program guide = context -> context.sample("z", Normal.of(context.param("locs", Tensor.vector(locs)),
                Tensor.scalar(0.8)), Plate.full("data", 3, -1));
        int particles = 4;
        double loss = new RenyiElbo(0, particles).estimate(model, guide, new ParamScope(new ParamStore()),
                Rng.seeded(7)).loss();
        Rng rng = Rng.seeded(7);
        double[][] weights = new double[3][particles];
        for (int k = 0; k < particles; k++) {
            ElboEstimate draw = new TraceElbo().estimate(model, guide, new ParamScope(new ParamStore()), rng);
            double[] p = draw.model().site("z").logProb().add(draw.model().site("x").logProb()).toArray();
            double[] q = draw.guide().site("z").logProb().toArray();
            for (int i = 0; i < 3; i++) {
                weights[i][k] = p[i] - q[i];
            }
        }
        double bound = 0;
        for (int i = 0; i < 3; i++) {
            bound += renyiBound(weights[i], 0);
        }
        assertEquals(-bound, loss, 1e-12 * Math.abs(bound), "sum over members of each member's bound");
    }

    @Test
    void aScoreFunctionSiteAddsPyrosAlphaOverOneMinusAlphaLogQTerm() {
        Program model = context -> {
            Tensor coin = context.sample("coin", Bernoulli.of(0.4));
            context.observe("y", Normal.of(coin, Tensor.scalar(1.0)), Tensor.scalar(0.8));
        };
        double logit = 0.3;
        Program guide = context -> context.sample("coin", Bernoulli.ofLogits(context.param("a",
                Tensor.scalar(logit))));
        double alpha = 0.5;
        int particles = 3;
        ParamScope scope = new ParamScope(new ParamStore());
        ElboEstimate estimate = new RenyiElbo(alpha, particles).estimate(model, guide, scope, Rng.seeded(2));
        double gradient = Autodiff.gradients(estimate.surrogateLoss()).of(scope.leaves().get("a")).item();
        Rng rng = Rng.seeded(2);
        double[] weights = new double[particles];
        double[] coins = new double[particles];
        for (int k = 0; k < particles; k++) {
            ElboEstimate draw = new TraceElbo().estimate(model, guide, new ParamScope(new ParamStore()), rng);
            weights[k] = -draw.loss();
            coins[k] = draw.guide().site("coin").value().item();
        }
        double logMean = (1 - alpha) * renyiBound(weights, alpha);
        double q = 1 / (1 + Math.exp(-logit));
        double expected = 0;
        for (int k = 0; k < particles; k++) {
            double normalised = Math.exp((1 - alpha) * weights[k] - logMean);
            expected -= normalised * alpha / (1 - alpha) * (coins[k] - q) / particles;
        }
        assertEquals(expected, gradient, 1e-12);
    }

    @Test
    void orderOneAndBadSettingsAreRejected() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> new RenyiElbo(1.0, 2));
        assertTrue(one.getMessage().contains("TraceElbo"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RenyiElbo(Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> new RenyiElbo(0.5, 0));
        // Pyro's defaults: RenyiELBO(alpha=0, num_particles=2)
        assertEquals(0.0, new RenyiElbo().alpha(), 0.0);
        assertEquals(2, new RenyiElbo().numParticles());
    }
}
