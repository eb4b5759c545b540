package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KlGammaBetaDirichletTest {

    @Test
    void gammaMatchesTorch() {
        assertGolden("Gamma", n -> Gamma.of(GoldenDistributions.tensor(n.get("concentration")),
                GoldenDistributions.tensor(n.get("rate"))), KlGammaBetaDirichlet::gammaGamma);
    }

    @Test
    void betaMatchesTorchIncludingAnExactZeroForIdenticalArguments() {
        assertGolden("Beta", n -> Beta.of(GoldenDistributions.tensor(n.get("concentration1")),
                GoldenDistributions.tensor(n.get("concentration0"))), KlGammaBetaDirichlet::betaBeta);
    }

    @Test
    void dirichletMatchesTorch() {
        assertGolden("Dirichlet", n -> Dirichlet.of(GoldenDistributions.tensor(n.get("concentration"))),
                KlGammaBetaDirichlet::dirichletDirichlet);
    }

    @Test
    void theGenericDispatcherFindsEachFamilysRule() {
        assertGolden("Gamma", n -> Gamma.of(GoldenDistributions.tensor(n.get("concentration")),
                GoldenDistributions.tensor(n.get("rate"))), KlDivergence::kl);
        assertGolden("Beta", n -> Beta.of(GoldenDistributions.tensor(n.get("concentration1")),
                GoldenDistributions.tensor(n.get("concentration0"))), KlDivergence::kl);
        assertGolden("Dirichlet", n -> Dirichlet.of(GoldenDistributions.tensor(n.get("concentration"))),
                KlDivergence::kl);
    }

    @Test
    void agreesWithAMonteCarloEstimateOfTheExpectedLogRatio() {
        // The mean of log p(x) - log q(x) over 40000 draws from p is within 5 standard errors (estimated from the same
        // draws) of the closed form; this checks the direction of the divergence, which golden values alone could
        // not tell apart from a transposed formula with the same inputs.
        assertMonteCarlo(Gamma.of(2, 3), Gamma.of(1.5, 1), KlGammaBetaDirichlet.gammaGamma(Gamma.of(2, 3),
                Gamma.of(1.5, 1)).item(), 40000);
        assertMonteCarlo(Beta.of(0.7, 2), Beta.of(3, 1), KlGammaBetaDirichlet.betaBeta(Beta.of(0.7, 2),
                Beta.of(3, 1)).item(), 40000);
        assertMonteCarlo(Dirichlet.of(1, 2, 0.5), Dirichlet.of(2, 2, 2), KlGammaBetaDirichlet.dirichletDirichlet(
                Dirichlet.of(1, 2, 0.5), Dirichlet.of(2, 2, 2)).item(), 40000);
    }

    @Test
    void gradientsReachBothArgumentsParameters() {
        GradientChecker.check("KL Gamma",
                x -> KlGammaBetaDirichlet.gammaGamma(Gamma.of(x[0], x[1]), Gamma.of(x[2], x[3])),
                Tensor.vector(0.5, 3), Tensor.vector(2, 0.7), Tensor.vector(1.5, 4), Tensor.vector(1, 2));
        GradientChecker.check("KL Beta",
                x -> KlGammaBetaDirichlet.betaBeta(Beta.of(x[0], x[1]), Beta.of(x[2], x[3])),
                Tensor.vector(0.5, 3), Tensor.vector(2, 0.7), Tensor.vector(1.5, 4), Tensor.vector(1, 2));
        GradientChecker.check("KL Dirichlet",
                x -> KlGammaBetaDirichlet.dirichletDirichlet(Dirichlet.of(x[0]), Dirichlet.of(x[1])),
                Tensor.matrix(new double[][] {{0.5, 2, 1}, {3, 0.2, 1}}), Tensor.vector(1, 1.5, 4));
    }

    @Test
    void batchShapesBroadcast() {
        Tensor kl = KlGammaBetaDirichlet.gammaGamma(Gamma.of(Tensor.vector(1, 2, 3), Tensor.scalar(1)),
                Gamma.of(Tensor.matrix(new double[][] {{1}, {2}}), Tensor.scalar(1)));
        assertArrayEquals(new int[] {2, 3}, kl.shape());
        assertEquals(0.0, kl.toArray()[0], 0.0);
        assertEquals(0.0, kl.toArray()[4], 0.0);
        Tensor dirichlet = KlGammaBetaDirichlet.dirichletDirichlet(
                Dirichlet.of(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})), Dirichlet.of(1, 1));
        assertArrayEquals(new int[] {2}, dirichlet.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KlGammaBetaDirichlet.dirichletDirichlet(Dirichlet.of(1, 2), Dirichlet.of(1, 2, 3)));
        assertTrue(e.getMessage().contains("2 and 3 categories"), e.getMessage());
    }

    private static <D> void assertGolden(String family, Function<JsonNode, D> factory, BiFunction<D, D, Tensor> kl) {
        List<JsonNode> cases = GoldenDistributions.klCases(family);
        assertEquals(3, cases.size(), family + " KL records");
        for (JsonNode c : cases) {
            Tensor value = kl.apply(factory.apply(c.get("p")), factory.apply(c.get("q")));
            GoldenDistributions.assertMatches(c.get("kl_p_q"), value, "KL " + family + " " + c.get("p") + " || "
                    + c.get("q"));
        }
    }

    private static void assertMonteCarlo(Distribution p, Distribution q, double kl, int n) {
        Distribution many = p.expand(n);
        Tensor draws = many.sample(Rng.seeded(5));
        double[] ratio = p.logProb(draws).sub(q.logProb(draws)).toArray();
        double mean = 0;
        double square = 0;
        for (double r : ratio) {
            mean += r / n;
            square += r * r / n;
        }
        double standardError = Math.sqrt((square - mean * mean) / n);
        assertTrue(Math.abs(mean - kl) < 5 * standardError, "KL(" + p + " || " + q + ") = " + kl
                + ", Monte Carlo " + mean + " +- " + standardError);
    }
}
