package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.AffineTransform;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.ExpTransform;
import dev.trellis.runtime.transforms.IndependentTransform;
import dev.trellis.runtime.transforms.SigmoidTransform;
import dev.trellis.runtime.transforms.StickBreakingTransform;
import dev.trellis.runtime.transforms.Transform;
import org.junit.jupiter.api.Test;

/**
 * {@link TransformedDistribution} against oracles that share no code with it: the runtime's own LogNormal, a
 * numerical integral, and the change-of-variables formula with a Jacobian from finite differences.
 */
class TransformedDistributionTest {

    private static final Tensor LOC = Tensor.vector(-0.5, 0.0, 1.25);
    private static final Tensor SCALE = Tensor.vector(0.3, 1.0, 2.0);

    @Test
    void normalPushedThroughExpIsTheLogNormal() {
        LogNormal logNormal = LogNormal.of(LOC, SCALE);
        Tensor values = Tensor.matrix(new double[][] {{0.2, 1.0, 3.5}, {1e-3, 7.0, 0.9}});
        for (Transform transform : new Transform[] {new ExpTransform(),
                ConstraintTransforms.bijectTo(new Constraint.Positive())}) {
            TransformedDistribution pushed = TransformedDistribution.of(Normal.of(LOC, SCALE), transform,
                    new Constraint.Positive());
            assertArrayEquals(new int[] {3}, pushed.batchShape());
            assertArrayEquals(new int[0], pushed.eventShape());
            // the same formula in the same operations: equal up to the last bits of a log (1e-12 is ~1e3 ulps)
            assertArrayEquals(logNormal.logProb(values).toArray(), pushed.logProb(values).toArray(), 1e-12,
                    transform.toString());
            // the same Normal draw exponentiated: the same stream gives the same values
            assertArrayEquals(logNormal.rsample(Rng.seeded(5)).toArray(), pushed.rsample(Rng.seeded(5)).toArray(),
                    1e-15);
        }
    }

    @Test
    void sigmoidOfANormalIntegratesToOne() {
        TransformedDistribution logitNormal = TransformedDistribution.of(Normal.of(0.3, 1.2), new SigmoidTransform(),
                new Constraint.UnitInterval());
        // Composite Simpson on (0, 1) with n = 20000; the density is smooth and vanishes at both ends (faster than
        // any power of y), so the error is O(h^4 max|p''''|) ~ 1e-12 here; 1e-9 leaves room without hiding a
        // missing Jacobian, which would change the integral by O(1).
        int n = 20000;
        double[] interior = new double[n - 1];
        for (int i = 1; i < n; i++) {
            interior[i - 1] = (double) i / n;
        }
        double[] logDensity = logitNormal.logProb(Tensor.vector(interior)).toArray();
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * Math.exp(logDensity[i - 1]);
        }
        assertEquals(1.0, sum / (3.0 * n), 1e-9);
    }

    @Test
    void stickBreakingOfAnIsotropicNormalFollowsTheFiniteDifferenceJacobian() {
        Tensor loc = Tensor.vector(0.4, -1.0, 0.2);
        Normal base = Normal.of(loc, Tensor.full(0.8, 3));
        TransformedDistribution onSimplex = TransformedDistribution.of(base, new StickBreakingTransform(),
                new Constraint.Simplex());
        assertArrayEquals(new int[0], onSimplex.batchShape(), "the base's K - 1 batch entries became one event");
        assertArrayEquals(new int[] {4}, onSimplex.eventShape(), "K - 1 = 3 reals make a 4-simplex");
        assertEquals(new Constraint.Simplex(), onSimplex.support());
        double[] x = {0.7, -1.3, 0.1};
        Tensor y = new StickBreakingTransform().forward(Tensor.vector(x));
        // log p(y) = log N(x) - log |det d y[0:3] / dx|, the Jacobian by central differences (O(h^2), h = 1e-5:
        // error ~1e-10 on entries of order 0.1), its determinant by a 3x3 cofactor expansion
        double[][] jacobian = new double[3][3];
        double h = 1e-5;
        for (int j = 0; j < 3; j++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            double[] yUp = new StickBreakingTransform().forward(Tensor.vector(up)).toArray();
            double[] yDown = new StickBreakingTransform().forward(Tensor.vector(down)).toArray();
            for (int i = 0; i < 3; i++) {
                jacobian[i][j] = (yUp[i] - yDown[i]) / (2 * h);
            }
        }
        double expected = base.logProb(Tensor.vector(x)).sum().item() - Math.log(Math.abs(det3(jacobian)));
        double fresh = onSimplex.logProb(Tensor.of(y.toArray(), 4)).item();
        assertEquals(expected, fresh, 1e-8);
    }

    @Test
    void aDrawnValueIsScoredAtItsExactPreImage() {
        // sigmoid(40) rounds to 1 - eps, whose logit is 36.04: only the cached x = 40 + noise gives the true density
        Normal base = Normal.of(40.0, 0.5);
        TransformedDistribution saturating = TransformedDistribution.of(base, new SigmoidTransform(),
                new Constraint.UnitInterval());
        Tensor y = saturating.rsample(Rng.seeded(11));
        Tensor x = base.rsample(Rng.seeded(11));
        assertEquals(1.0 - Math.ulp(1.0), y.item(), 0.0);
        // by hand: log N(x) - log sigmoid'(x), where sigmoid' = sigmoid(x) sigmoid(-x) has the log -x - 2 log1p(e^-x)
        double byHand = base.logProb(x).item() + x.item() + 2 * Math.log1p(Math.exp(-x.item()));
        assertEquals(byHand, saturating.logProb(y).item(), 1e-12);
        double fromCopy = saturating.logProb(Tensor.scalar(y.item())).item();
        assertNotEquals(byHand, fromCopy, 1.0, "a copy of y is inverted through the clamped logit, far off");
    }

    @Test
    void theLogDensityOfAReparameterisedDrawHasThePathwiseGradient() {
        FiniteDifferences.assertGradient("log q(t(loc + scale eps)) in loc",
                loc -> {
                    TransformedDistribution q = TransformedDistribution.of(Normal.of(loc, SCALE),
                            new StickBreakingTransform(), new Constraint.Simplex());
                    return q.logProb(q.rsample(Rng.seeded(2)));
                }, LOC);
    }

    @Test
    void anEventTransformSumsTheLogDeterminantOverItsEvent() {
        Tensor loc = Tensor.matrix(new double[][] {{0.1, 0.2, 0.3}, {-1.0, 0.0, 1.0}});
        Tensor scale = Tensor.full(0.7, 2, 3);
        TransformedDistribution rows = TransformedDistribution.of(Normal.of(loc, scale),
                new IndependentTransform(new ExpTransform(), 1), new Constraint.Positive());
        assertArrayEquals(new int[] {2}, rows.batchShape());
        assertArrayEquals(new int[] {3}, rows.eventShape());
        assertEquals(new Constraint.Independent(new Constraint.Positive(), 1), rows.support());
        Tensor value = Tensor.matrix(new double[][] {{0.5, 1.5, 2.5}, {3.0, 0.25, 1.0}});
        double[] expected = LogNormal.of(loc, scale).logProb(value).sum(-1, false).toArray();
        assertArrayEquals(expected, rows.logProb(value).toArray(), 1e-12);
        assertArrayEquals(new int[] {4, 2}, rows.expand(4, 2).batchShape());
        assertArrayEquals(new int[] {4, 2}, rows.expand(4, 2).logProb(value).shape());
    }

    @Test
    void valuesOutsideTheSupportAreRejectedAndMomentsAreUndefined() {
        TransformedDistribution positive = TransformedDistribution.of(Normal.of(0.0, 1.0), new ExpTransform(),
                new Constraint.Positive());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> positive.logProb(Tensor.scalar(-1.0)));
        assertTrue(error.getMessage().contains("-1.0") && error.getMessage().contains("positive"),
                error.getMessage());
        assertThrows(UnsupportedOperationException.class, positive::mean);
        assertThrows(IllegalArgumentException.class, () -> TransformedDistribution.of(Normal.of(0.0, 1.0),
                new StickBreakingTransform(), new Constraint.Simplex()));
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    @Test
    void aTransformWithBatchedParametersBroadcastsAScalarBase() {
        // loc + scale * z for z ~ Normal(0, 1) is Normal(loc, scale), member by member.
        Tensor loc = Tensor.vector(1.0, 2.0, 3.0);
        Tensor scale = Tensor.vector(1.0, 2.0, 4.0);
        TransformedDistribution shifted = TransformedDistribution.of(Normal.of(0.0, 1.0),
                new AffineTransform(loc, scale), new Constraint.Real());
        assertArrayEquals(new int[] {3}, shifted.batchShape());
        assertArrayEquals(new int[] {3}, shifted.base().batchShape(), "the base is expanded to the batch");
        Tensor value = Tensor.vector(0.5, 2.5, -3.0);
        assertArrayEquals(Normal.of(loc, scale).logProb(value).toArray(), shifted.logProb(value).toArray(), 1e-14);
        assertArrayEquals(new int[] {3}, shifted.sample(Rng.seeded(2)).shape());
    }

    @Test
    void aBaseWithMoreEventDimensionsThanTheTransformReadsKeepsThemAll() {
        // Two independent 3-vectors made one event [2, 3], each pushed onto a 4-simplex: the event is [2, 4] and the
        // density is the product of the two rows' densities.
        Tensor loc = Tensor.matrix(new double[][] {{0.4, -1.0, 0.2}, {0.0, 0.3, -0.6}});
        Distribution rows = MultivariateNormal.of(loc, Tensor.eye(3).mul(0.8)).toEvent(1);
        TransformedDistribution onSimplices = TransformedDistribution.of(rows, new StickBreakingTransform(),
                new Constraint.Simplex());
        assertArrayEquals(new int[0], onSimplices.batchShape());
        assertArrayEquals(new int[] {2, 4}, onSimplices.eventShape());
        Tensor y = new StickBreakingTransform().forward(Tensor.matrix(new double[][] {{0.7, -1.3, 0.1},
            {0.2, 0.5, -0.4}}));
        double expected = 0;
        for (int r = 0; r < 2; r++) {
            TransformedDistribution row = TransformedDistribution.of(MultivariateNormal.of(loc.select(0, r),
                    Tensor.eye(3).mul(0.8)), new StickBreakingTransform(), new Constraint.Simplex());
            expected += row.logProb(y.select(0, r)).item();
        }
        Tensor logProb = onSimplices.logProb(y);
        assertArrayEquals(new int[0], logProb.shape());
        assertEquals(expected, logProb.item(), 1e-12);
    }

    @Test
    void aVectorBaseIsExpandedOverTheBatchATransformAdds() {
        // MVN(0, I) in 2 dimensions shifted by three different vectors is MVN(shift_i, I) for each i.
        Tensor shifts = Tensor.matrix(new double[][] {{1.0, -1.0}, {0.0, 2.0}, {-3.0, 0.5}});
        TransformedDistribution shifted = TransformedDistribution.of(
                MultivariateNormal.of(Tensor.zeros(2), Tensor.eye(2)),
                new IndependentTransform(new AffineTransform(shifts, Tensor.scalar(1.0)), 1),
                new Constraint.Independent(new Constraint.Real(), 1));
        assertArrayEquals(new int[] {3}, shifted.batchShape());
        assertArrayEquals(new int[] {2}, shifted.eventShape());
        Tensor value = Tensor.matrix(new double[][] {{0.5, 0.5}, {0.1, 1.0}, {-2.0, -1.0}});
        assertArrayEquals(MultivariateNormal.of(shifts, Tensor.eye(2)).logProb(value).toArray(),
                shifted.logProb(value).toArray(), 1e-14);
    }
}

