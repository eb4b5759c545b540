package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class KlDivergenceTest {

    /** A family only this test knows, so that registering a rule for it touches no real pair. */
    private static final class PointMass implements Distribution {
        final double at;

        PointMass(double at) {
            this.at = at;
        }

        @Override
        public int[] batchShape() {
            return new int[0];
        }

        @Override
        public int[] eventShape() {
            return new int[0];
        }

        @Override
        public Constraint support() {
            return new Constraint.Real();
        }

        @Override
        public Tensor logProb(Tensor value) {
            return Tensor.where(value.eq(at), Tensor.zerosLike(value), Tensor.full(Double.NEGATIVE_INFINITY));
        }

        @Override
        public Tensor sample(Rng rng) {
            return Tensor.scalar(at);
        }

        @Override
        public Tensor mean() {
            return Tensor.scalar(at);
        }

        @Override
        public Tensor variance() {
            return Tensor.scalar(0);
        }

        @Override
        public Tensor entropy() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void normalNormalMatchesEveryGoldenRecordOfTorch() {
        List<JsonNode> cases = GoldenDistributions.klCases("Normal");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            Normal p = Normal.of(GoldenDistributions.tensor(c.get("p").get("loc")),
                    GoldenDistributions.tensor(c.get("p").get("scale")));
            Normal q = Normal.of(GoldenDistributions.tensor(c.get("q").get("loc")),
                    GoldenDistributions.tensor(c.get("q").get("scale")));
            GoldenDistributions.assertMatches(c.get("kl_p_q"), KlDivergence.kl(p, q), "KL(" + p + " || " + q + ")");
        }
    }

    @Test
    void normalNormalIsTheExpectedLogRatioUnderP() {
        // Monte Carlo of E_p[log p - log q] with 100000 draws: the log ratio has standard deviation about 0.58 here,
        // so the standard error is 0.0018; 4 standard errors is the bound.
        Normal p = Normal.of(0.5, 0.8);
        Normal q = Normal.of(-0.3, 1.4);
        Tensor x = p.expand(100000).sample(Rng.seeded(8));
        double monteCarlo = p.logProb(x).sub(q.logProb(x)).mean().item();
        assertEquals(KlDivergence.kl(p, q).item(), monteCarlo, 4 * 0.0018);
    }

    @Test
    void normalNormalGradientsMatchFiniteDifferences() {
        GradientChecker.check("KL(Normal || Normal)", t -> KlDivergence.kl(Normal.of(t[0], t[1]),
                Normal.of(t[2], t[3])), Tensor.vector(0.3, -1.0), Tensor.vector(0.7, 2.0), Tensor.vector(-0.2, 1.5),
                Tensor.vector(1.3, 0.4));
    }

    @Test
    void batchShapesBroadcast() {
        Tensor kl = KlDivergence.kl(Normal.of(Tensor.vector(0, 1, 2), Tensor.scalar(1)), Normal.of(0, 2));
        assertArrayEquals(new int[] {3}, kl.shape());
        assertEquals(KlDivergence.kl(Normal.of(2, 1), Normal.of(0, 2)).item(), kl.get(2), 0.0);
    }

    @Test
    void independentPairsSumTheBaseDivergenceOverTheEventDimensions() {
        Normal p = Normal.of(Tensor.matrix(new double[][] {{0, 1, 2}, {3, 4, 5}}), Tensor.scalar(1));
        Normal q = Normal.of(Tensor.scalar(0.5), Tensor.vector(1, 2, 3));
        Tensor kl = KlDivergence.kl(p.toEvent(1), q.expand(2, 3).toEvent(1));
        assertArrayEquals(KlDivergence.kl(p, q).sum(-1, false).toArray(), kl.toArray(), 0.0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> KlDivergence.kl(p.toEvent(2), q.expand(2, 3).toEvent(1)));
        assertTrue(e.getMessage().contains("reinterpret 2 and 1 batch dimensions"), e.getMessage());
    }

    @Test
    void anUnknownPairIsUnsupportedNamingBothDistributions() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> KlDivergence.kl(Normal.of(0, 1), Categorical.ofProbs(0.5, 0.5)));
        assertEquals("no KL divergence rule for the pair (Normal, Categorical): KL(Normal(loc=0.0, scale=1.0) || "
                + "Categorical(probs=[0.5, 0.5])); a family adds rules with KlDivergence.register", e.getMessage());
    }

    @Test
    void aRegisteredRuleIsFoundAndASecondRuleForThePairIsRejected() {
        KlDivergence.register(PointMass.class, Normal.class, (p, q) -> q.logProb(Tensor.scalar(p.at)).neg());
        assertEquals(-Normal.of(0, 1).logProb(Tensor.scalar(2)).item(),
                KlDivergence.kl(new PointMass(2), Normal.of(0, 1)).item(), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KlDivergence.register(Normal.class, Normal.class, KlNormal::normalNormal));
        assertEquals("a KL divergence rule for the pair (Normal, Normal) is already registered; each pair has "
                + "exactly one rule", e.getMessage());
    }

    @Test
    void anExpandedFamilyKeepsItsRuleAndTheResultTakesTheExpandedBatchShape() {
        Gamma q = Gamma.of(Tensor.vector(1.5, 3.0, 1.2), Tensor.vector(1.1, 0.9, 2.0));
        Distribution expandedPrior = Gamma.of(2.0, 1.0).expand(3);
        assertTrue(expandedPrior instanceof ExpandedDistribution, "Gamma broadcasts through ExpandedDistribution");
        Tensor kl = KlDivergence.kl(q, expandedPrior);
        assertArrayEquals(new int[] {3}, kl.shape());
        assertArrayEquals(KlDivergence.kl(q, Gamma.of(2.0, 1.0)).toArray(), kl.toArray(), 0.0);
        Tensor bothExpanded = KlDivergence.kl(Gamma.of(2.5, 0.5).expand(2, 3), expandedPrior);
        assertArrayEquals(new int[] {2, 3}, bothExpanded.shape());
        assertEquals(KlDivergence.kl(Gamma.of(2.5, 0.5), Gamma.of(2.0, 1.0)).item(), bothExpanded.toArray()[5], 0.0);
    }
}
