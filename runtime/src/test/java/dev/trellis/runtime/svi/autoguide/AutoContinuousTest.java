package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.HalfNormal;
import dev.trellis.runtime.distributions.LowRankMultivariateNormal;
import dev.trellis.runtime.distributions.MultivariateNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.ElboEstimate;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.StickBreakingTransform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The latent vector, names, shapes, initial values and densities the four AutoContinuous guides share with Pyro. */
class AutoContinuousTest {

    /** a real scalar, b positive in a plate of 3, p on the 3-simplex: 1 + 3 + 2 unconstrained entries. */
    private static final Program MODEL = context -> {
        Tensor a = context.sample("a", Normal.of(0.0, 1.0));
        Plate groups = Plate.full("groups", 3, -1);
        Tensor b = context.sample("b", HalfNormal.of(1.0).expand(3), groups);
        Tensor p = context.sample("p", Dirichlet.of(1.0, 2.0, 3.0));
        context.observe("y", Normal.of(a.add(b), Tensor.scalar(1.0)), Tensor.vector(0.5, 1.0, 2.0), groups);
        context.observe("c", Categorical.of(p), Tensor.scalar(2));
    };

    private static final Tensor A = Tensor.scalar(0.3);
    private static final Tensor B = Tensor.vector(1.0, 2.0, 0.5);
    private static final Tensor P = Tensor.vector(0.2, 0.3, 0.5);
    private static final InitStrategy GIVEN = InitStrategy.values(Map.of("a", A, "b", B, "p", P));

    /** The unconstrained init vector: a, log b, then stick-breaking's inverse of p. */
    private static double[] initialLatent() {
        double[] stick = new StickBreakingTransform().inverse(P).toArray();
        return new double[] {0.3, Math.log(1.0), Math.log(2.0), Math.log(0.5), stick[0], stick[1]};
    }

    private static ElboEstimate run(Program guide, ParamStore store, long seed) {
        return new TraceElbo().estimate(MODEL, guide, new ParamScope(store), Rng.seeded(seed));
    }

    @Test
    void autoDiagonalNormalHasPyrosParametersAndItsLogQIsThePushedForwardDensity() {
        ParamStore store = new ParamStore();
        AutoDiagonalNormal guide = new AutoDiagonalNormal(MODEL).withInit(GIVEN);
        ElboEstimate estimate = run(guide, store, 1);
        assertEquals(Set.of("AutoDiagonalNormal.loc", "AutoDiagonalNormal.scale"), store.names());
        assertEquals(6, guide.latentDim());
        assertArrayEquals(initialLatent(), store.unconstrained("AutoDiagonalNormal.loc").toArray(), 1e-15);
        assertEquals(new Constraint.SoftplusPositive(), store.entry("AutoDiagonalNormal.scale").constraint());
        double stored = Math.log(Math.expm1(0.1));
        assertArrayEquals(new double[] {stored, stored, stored, stored, stored, stored},
                store.unconstrained("AutoDiagonalNormal.scale").toArray(), 1e-15);

        Site latent = estimate.guide().site("_AutoDiagonalNormal_latent");
        assertTrue(latent.options().auxiliary());
        assertTrue(latent.reparameterised());
        double[] u = latent.value().toArray();
        // log q of the latent: independent normals around the init vector, scale 0.1
        double logNormal = 0;
        for (int i = 0; i < 6; i++) {
            double z = (u[i] - initialLatent()[i]) / 0.1;
            logNormal += -0.5 * z * z - Math.log(0.1) - 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(logNormal, latent.logProb().item(), 1e-12);
        // each site is its block pushed onto the support; its Delta carries -log|det J|
        assertEquals(u[0], estimate.guide().site("a").value().item(), 0.0);
        assertArrayEquals(new double[] {Math.exp(u[1]), Math.exp(u[2]), Math.exp(u[3])},
                estimate.guide().site("b").value().toArray(), 1e-15);
        assertArrayEquals(new double[] {-u[1], -u[2], -u[3]}, estimate.guide().site("b").logProb().toArray(), 1e-15);
        StickBreakingTransform stick = new StickBreakingTransform();
        Tensor x = Tensor.vector(u[4], u[5]);
        Site p = estimate.guide().site("p");
        assertArrayEquals(stick.forward(x).toArray(), p.value().toArray(), 1e-15);
        assertEquals(-stick.logAbsDetJacobian(x, p.value()).item(), p.logProb().item(), 1e-12);
        assertTrue(p.distribution() instanceof Delta);
        assertEquals(List.of("groups"), estimate.guide().site("b").plates().stream().map(Plate::name).toList());
    }

    @Test
    void autoMultivariateNormalStoresItsUnitLowerTriangularFactorFromTheIdentity() {
        ParamStore store = new ParamStore();
        AutoMultivariateNormal guide = new AutoMultivariateNormal(MODEL).withInit(GIVEN);
        ElboEstimate estimate = run(guide, store, 2);
        assertEquals(Set.of("AutoMultivariateNormal.loc", "AutoMultivariateNormal.scale",
                "AutoMultivariateNormal.scale_tril"), store.names());
        assertEquals(new Constraint.UnitLowerCholesky(), store.entry("AutoMultivariateNormal.scale_tril").constraint());
        assertArrayEquals(Tensor.eye(6).toArray(), store.unconstrained("AutoMultivariateNormal.scale_tril").toArray(),
                0.0);
        assertEquals(Math.log(Math.expm1(0.1)), store.unconstrained("AutoMultivariateNormal.scale").toArray()[5],
                1e-15);
        assertArrayEquals(initialLatent(), guide.loc(store).toArray(), 1e-15);
        assertArrayEquals(Tensor.eye(6).mul(0.01).toArray(), guide.covariance(store).toArray(), 1e-15);
        Site latent = estimate.guide().site("_AutoMultivariateNormal_latent");
        assertTrue(latent.distribution() instanceof MultivariateNormal);
        // the median is the location mapped onto the supports: the init values
        Map<String, Tensor> median = guide.median(store);
        assertEquals(0.3, median.get("a").item(), 1e-15);
        assertArrayEquals(B.toArray(), median.get("b").toArray(), 1e-15);
        assertArrayEquals(P.toArray(), median.get("p").toArray(), 1e-15);
    }

    @Test
    void autoLowRankMultivariateNormalStartsItsFactorFromItsOwnSeededStream() {
        ParamStore store = new ParamStore();
        AutoLowRankMultivariateNormal guide = new AutoLowRankMultivariateNormal(MODEL).withInit(GIVEN).withSeed(4);
        ElboEstimate estimate = run(guide, store, 3);
        assertEquals(Set.of("AutoLowRankMultivariateNormal.loc", "AutoLowRankMultivariateNormal.scale",
                "AutoLowRankMultivariateNormal.cov_factor"), store.names());
        assertEquals(2, guide.rank(), "round(sqrt(6))");
        Tensor factor = store.unconstrained("AutoLowRankMultivariateNormal.cov_factor");
        assertArrayEquals(new int[] {6, 2}, factor.shape());
        Rng stream = Rng.seeded(4);
        for (double entry : factor.toArray()) {
            assertEquals(stream.nextGaussian() / Math.sqrt(2), entry, 0.0);
        }
        double scale = Math.sqrt(0.5) * 0.1;
        assertEquals(scale, ParamValues.constrained(store, "AutoLowRankMultivariateNormal.scale").toArray()[0], 1e-15);
        Site latent = estimate.guide().site("_AutoLowRankMultivariateNormal_latent");
        assertTrue(latent.distribution() instanceof LowRankMultivariateNormal);
        // covariance diag(s) (W W^T + I) diag(s): about init_scale^2 on the diagonal
        double[][] covariance = guide.covariance(store).toRows();
        double[][] w = factor.toRows();
        for (int i = 0; i < 6; i++) {
            assertEquals(scale * scale * (w[i][0] * w[i][0] + w[i][1] * w[i][1] + 1), covariance[i][i], 1e-15);
        }
        assertEquals(3, new AutoLowRankMultivariateNormal(MODEL).withRank(3).rank());
        assertThrows(IllegalArgumentException.class, () -> new AutoLowRankMultivariateNormal(MODEL).withRank(0));
    }

    @Test
    void autoLaplaceApproximationHasOnlyALocationAndAPointMassLatent() {
        ParamStore store = new ParamStore();
        AutoLaplaceApproximation guide = new AutoLaplaceApproximation(MODEL).withInit(GIVEN);
        ElboEstimate estimate = run(guide, store, 4);
        assertEquals(Set.of("AutoLaplaceApproximation.loc"), store.names());
        Site latent = estimate.guide().site("_AutoLaplaceApproximation_latent");
        assertArrayEquals(initialLatent(), latent.value().toArray(), 1e-15);
        assertEquals(0.0, latent.logProb().item(), 0.0);
        assertTrue(latent.reparameterised(), "the point is trained through the values it gives the sites");
    }

    @Test
    void posteriorSamplesLeaveTheAuxiliaryLatentOut() {
        ParamStore store = new ParamStore();
        AutoDiagonalNormal guide = new AutoDiagonalNormal(MODEL);
        PosteriorSamples samples = PosteriorSamples.draw(guide, store, 3, Rng.seeded(1));
        assertEquals(Set.of("a", "b", "p"), samples.sites());
        assertArrayEquals(new int[] {3, 3}, samples.samples("b").shape());
    }

    @Test
    void aSubsampledPlateADiscreteSiteAndAModelWithoutLatentsAreRejected() {
        AutoMultivariateNormal guide = new AutoMultivariateNormal(MODEL);
        SiteException subsampled = assertThrows(SiteException.class, () -> new TraceElbo()
                .withSubsample("groups", 2).estimate(MODEL, guide, new ParamScope(new ParamStore()), Rng.seeded(1)));
        assertEquals("b", subsampled.site());
        assertTrue(subsampled.getMessage().contains("subsampled"), subsampled.getMessage());

        Program discrete = context -> {
            Tensor coin = context.sample("coin", Bernoulli.of(0.3));
            context.observe("y", Normal.of(coin, Tensor.scalar(1.0)), Tensor.scalar(0.5));
        };
        assertThrows(SiteException.class, () -> new TraceElbo().estimate(discrete, new AutoDiagonalNormal(discrete),
                new ParamScope(new ParamStore()), Rng.seeded(1)));

        Program noLatents = context -> context.observe("y", Normal.of(0.0, 1.0), Tensor.scalar(0.5));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new TraceElbo()
                .estimate(noLatents, new AutoLaplaceApproximation(noLatents), new ParamScope(new ParamStore()),
                        Rng.seeded(1)));
        assertTrue(none.getMessage().contains("no latent variables"), none.getMessage());
        assertThrows(IllegalStateException.class, () -> new AutoDiagonalNormal(MODEL).latentDim(), "not run yet");
        assertThrows(IllegalArgumentException.class, () -> new AutoDiagonalNormal(MODEL).withInitScale(0.0));
    }
}
