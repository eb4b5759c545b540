package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.Sgd;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceGraphElboTest {

    private static final double X1 = 0.3;
    private static final double X2 = 1.7;
    private static final double A = 0.2;
    private static final double B = -0.3;

    /** z1 ~ Bernoulli(0.4); x1 ~ Normal(2 z1 - 1, 1); z2 ~ Bernoulli(0.6); x2 ~ Normal(2 z2, 1). */
    private static final Program MODEL = context -> {
        Tensor z1 = context.sample("z1", Bernoulli.of(0.4));
        context.observe("x1", Normal.of(z1.mul(2).sub(1), Tensor.scalar(1.0)), Tensor.scalar(X1));
        Tensor z2 = context.sample("z2", Bernoulli.of(0.6));
        context.observe("x2", Normal.of(z2.mul(2), Tensor.scalar(1.0)), Tensor.scalar(X2));
    };

    /** z1 ~ Bernoulli(logits a), z2 ~ Bernoulli(logits b): both drawn without rsample. */
    private static final Program GUIDE = context -> {
        context.sample("z1", Bernoulli.ofLogits(context.param("a", Tensor.scalar(A))));
        context.sample("z2", Bernoulli.ofLogits(context.param("b", Tensor.scalar(B))));
    };

    private static double logBernoulli(double z, double p) {
        return z == 1 ? Math.log(p) : Math.log(1 - p);
    }

    private static double logNormal(double x, double mean) {
        return -0.5 * Math.log(2 * Math.PI) - (x - mean) * (x - mean) / 2;
    }

    private static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    @Test
    void eachScoreTermMultipliesOnlyItsDownstreamCost() {
        for (long seed = 1; seed <= 8; seed++) {
            ParamScope scope = new ParamScope(new ParamStore());
            ElboEstimate estimate = new TraceGraphElbo().estimate(MODEL, GUIDE, scope, Rng.seeded(seed));
            double z1 = estimate.guide().site("z1").value().item();
            double z2 = estimate.guide().site("z2").value().item();
            double q1 = sigmoid(A);
            double q2 = sigmoid(B);
            double site1 = logBernoulli(z1, 0.4) - logBernoulli(z1, q1);
            double site2 = logBernoulli(z2, 0.6) - logBernoulli(z2, q2);
            double x1 = logNormal(X1, 2 * z1 - 1);
            double x2 = logNormal(X2, 2 * z2);
            assertEquals(-(site1 + site2 + x1 + x2), estimate.loss(), 1e-12, "the loss is Trace_ELBO's");
            Gradients gradients = Autodiff.gradients(estimate.surrogateLoss());
            // z2 comes after z1 and x1 in the model: its cost is its own term and x2's
            assertEquals(-(z2 - q2) * (site2 + x2), gradients.of(scope.leaves().get("b")).item(), 1e-12);
            assertEquals(-(z1 - q1) * (site1 + site2 + x1 + x2), gradients.of(scope.leaves().get("a")).item(), 1e-12);
        }
    }

    /** The exact ELBO gradient of the two-coin model, by enumerating the four joint values of (z1, z2). */
    private static double[] exactGradient() {
        Tensor a = Tensor.variable(Tensor.scalar(A));
        Tensor b = Tensor.variable(Tensor.scalar(B));
        Tensor elbo = Tensor.scalar(0.0);
        for (int z1 = 0; z1 <= 1; z1++) {
            for (int z2 = 0; z2 <= 1; z2++) {
                Tensor q1 = z1 == 1 ? a.sigmoid() : a.neg().sigmoid();
                Tensor q2 = z2 == 1 ? b.sigmoid() : b.neg().sigmoid();
                double logP = logBernoulli(z1, 0.4) + logNormal(X1, 2 * z1 - 1) + logBernoulli(z2, 0.6)
                        + logNormal(X2, 2 * z2);
                elbo = elbo.add(q1.mul(q2).mul(q1.log().add(q2.log()).neg().add(logP)));
            }
        }
        Gradients gradients = Autodiff.gradients(elbo);
        return new double[] {gradients.of(a).item(), gradients.of(b).item()};
    }

    @Test
    void theGradientIsUnbiasedAndLessNoisyThanTraceElbosOnTheDiscreteModel() {
        double[] exact = exactGradient();
        int draws = 8_000;
        MonteCarlo[] trace = lossGradients(new TraceElbo(), draws, 1, null);
        MonteCarlo[] graph = lossGradients(new TraceGraphElbo(), draws, 2, null);
        ParamStore baselineStore = new ParamStore();
        MonteCarlo[] baselined = lossGradients(new TraceGraphElbo().withDecayingAverageBaselines(), draws, 3,
                baselineStore);
        String[] names = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            trace[i].assertMeanIs(-exact[i], "Trace_ELBO d loss / d " + names[i]);
            graph[i].assertMeanIs(-exact[i], "TraceGraph_ELBO d loss / d " + names[i]);
            baselined[i].assertMeanIs(-exact[i], "TraceGraph_ELBO with baselines d loss / d " + names[i]);
            System.out.printf("two coins, variance of d loss / d %s: Trace_ELBO %.4f, TraceGraph_ELBO %.4f, "
                    + "with decaying-average baselines %.4f%n", names[i], trace[i].variance(), graph[i].variance(),
                    baselined[i].variance());
        }
        // z2's cost drops z1's and x1's terms, which its draw cannot change
        assertTrue(graph[1].variance() < 0.8 * trace[1].variance());
        // the baselines take the mean cost out of every score term
        assertTrue(baselined[0].variance() < 0.5 * trace[0].variance());
        assertTrue(baselined[1].variance() < 0.5 * trace[1].variance());
        assertTrue(baselineStore.contains(TraceGraphElbo.BASELINE_PREFIX + "z1"));
        assertTrue(baselineStore.contains(TraceGraphElbo.BASELINE_PREFIX + "z2"));
    }

    /**
     * Gradient draws of each guide parameter, at fixed parameters. With a store, the baselines' averages carry over
     * from one draw to the next as they do between SVI steps.
     */
    private static MonteCarlo[] lossGradients(Elbo elbo, int draws, long stream, ParamStore store) {
        double[][] values = new double[2][draws];
        for (int i = 0; i < draws; i++) {
            ParamScope scope = new ParamScope(store == null ? new ParamStore() : store);
            ElboEstimate estimate = elbo.estimate(MODEL, GUIDE, scope, Rng.seeded(stream * 1_000_000L + i));
            Gradients gradients = Autodiff.gradients(estimate.surrogateLoss());
            values[0][i] = gradients.of(scope.leaves().get("a")).item();
            values[1][i] = gradients.of(scope.leaves().get("b")).item();
            if (store != null) {   // as Svi installs them
                estimate.stateUpdates().forEach((name, value) -> {
                    store.define(name, value, new Constraint.Real());
                    store.update(Map.of(name, value));
                });
            }
        }
        return new MonteCarlo[] {MonteCarlo.of(draws, i -> values[0][i]), MonteCarlo.of(draws, i -> values[1][i])};
    }

    @Test
    void aDecayingAverageBaselineStartsAtZeroAndMovesATenthOfTheWayToTheCost() {
        ParamStore store = new ParamStore();
        TraceGraphElbo elbo = new TraceGraphElbo(2).withDecayingAverageBaseline("z2");
        ParamScope scope = new ParamScope(store);
        ElboEstimate estimate = elbo.estimate(MODEL, GUIDE, scope, Rng.seeded(4));
        // replay the two particles' draws with Trace_ELBO to read their z2 costs
        Rng replay = Rng.seeded(4);
        double[] costs = new double[2];
        double[] scores = new double[2];
        for (int k = 0; k < 2; k++) {
            ElboEstimate particle = new TraceElbo().estimate(MODEL, GUIDE, new ParamScope(new ParamStore()), replay);
            double z2 = particle.guide().site("z2").value().item();
            costs[k] = logBernoulli(z2, 0.6) - logBernoulli(z2, sigmoid(B)) + logNormal(X2, 2 * z2);
            scores[k] = z2 - sigmoid(B);
        }
        double first = 0.1 * costs[0];
        double second = 0.1 * costs[1] + 0.9 * first;
        String name = TraceGraphElbo.BASELINE_PREFIX + "z2";
        assertEquals(Set.of(name), estimate.stateUpdates().keySet());
        assertEquals(second, estimate.stateUpdates().get(name).item(), 1e-15);
        double gradient = Autodiff.gradients(estimate.surrogateLoss()).of(scope.leaves().get("b")).item();
        // particle 1 sees the baseline 0, particle 2 the average after particle 1
        assertEquals(-(scores[0] * costs[0] + scores[1] * (costs[1] - first)) / 2, gradient, 1e-12);
        assertFalse(store.contains(name), "the estimate stores nothing; Svi installs the new average");
        assertFalse(scope.leaves().containsKey(name), "a baseline is not trained");
    }

    @Test
    void sviInstallsTheBaselineWithTheStepAndEvaluateLossLeavesItAlone() {
        ParamStore store = new ParamStore();
        Svi svi = new Svi(MODEL, GUIDE, Sgd.withLearningRate(0.01),
                new TraceGraphElbo().withDecayingAverageBaselines(), store);
        String name = TraceGraphElbo.BASELINE_PREFIX + "z1";
        svi.evaluateLoss(Rng.seeded(1));
        assertFalse(store.contains(name), "TraceGraph_ELBO's loss needs no baseline");
        svi.step(Rng.seeded(2));
        assertTrue(store.contains(name));
        assertEquals(new Constraint.Real(), store.entry(name).constraint());
        assertTrue(store.unconstrained(name).item() != 0.0);
    }

    /** z_i ~ Bernoulli(0.3), x_i ~ Normal(z_i, 1), three members in plate "data", each guided by its own logit. */
    @Test
    void inAPlateEachMembersScoreSeesOnlyThatMembersCost() {
        Tensor data = Tensor.vector(0.2, 1.4, -0.5);
        Program model = context -> {
            Plate plate = Plate.full("data", 3, -1);
            Tensor z = context.sample("z", Bernoulli.of(0.3).expand(3), plate);
            context.observe("x", Normal.of(z, Tensor.scalar(1.0)), data, plate);
        };
        double[] logits = {0.5, -1.0, 2.0};
        Program guide = context -> context.sample("z", Bernoulli.ofLogits(context.param("logits",
                Tensor.vector(logits))), Plate.full("data", 3, -1));
        ParamScope scope = new ParamScope(new ParamStore());
        ElboEstimate estimate = new TraceGraphElbo().estimate(model, guide, scope, Rng.seeded(12));
        double[] z = estimate.guide().site("z").value().toArray();
        double[] gradient = Autodiff.gradients(estimate.surrogateLoss()).of(scope.leaves().get("logits")).toArray();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            double q = sigmoid(logits[i]);
            double cost = logBernoulli(z[i], 0.3) - logBernoulli(z[i], q) + logNormal(data.toArray()[i], z[i]);
            expected[i] = -(z[i] - q) * cost;
        }
        assertArrayEquals(expected, gradient, 1e-12);
    }

    @Test
    void withOnlyReparameterisedSitesItIsTraceElbo() {
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("x", Normal.of(mu, Tensor.scalar(1.0)), Tensor.scalar(0.7));
        };
        Program guide = context -> context.sample("mu", Normal.of(context.param("loc", Tensor.scalar(0.3)),
                context.param("scale", Tensor.scalar(0.6), new Constraint.Positive())));
        ParamScope graphScope = new ParamScope(new ParamStore());
        ParamScope traceScope = new ParamScope(new ParamStore());
        ElboEstimate graph = new TraceGraphElbo().estimate(model, guide, graphScope, Rng.seeded(8));
        ElboEstimate trace = new TraceElbo().estimate(model, guide, traceScope, Rng.seeded(8));
        assertEquals(trace.loss(), graph.loss(), 0.0);
        Gradients g = Autodiff.gradients(graph.surrogateLoss());
        Gradients t = Autodiff.gradients(trace.surrogateLoss());
        for (String name : new String[] {"loc", "scale"}) {
            assertEquals(t.of(traceScope.leaves().get(name)).item(), g.of(graphScope.leaves().get(name)).item(),
                    1e-12, name);
        }
    }

    @Test
    void aBaselineBetaOutsideZeroToOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TraceGraphElbo().withDecayingAverageBaseline("z", 1.0));
        assertThrows(IllegalArgumentException.class, () -> new TraceGraphElbo().withDecayingAverageBaseline("z",
                Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TraceGraphElbo(0));
    }
}
