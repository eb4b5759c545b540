package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mixture tables and posterior on small hand-made tables, at the edges: ties, -Infinity, bad shapes. */
class MixturePosteriorTest {

    @Test
    void probabilitiesAreEachColumnNormalisedAndTheMapTakesTheLowestIndexOnATie() {
        // Column 0: log(1/4), log(3/4) up to a constant; column 1: a tie.
        Tensor table = Tensor.matrix(new double[][] {{Math.log(1) - 2, 0.5}, {Math.log(3) - 2, 0.5}});
        MixturePosterior posterior = MixturePosterior.of("z", "data", table);

        double[][] p = posterior.probabilities();
        assertEquals(0.25, p[0][0], 1e-15);
        assertEquals(0.75, p[0][1], 1e-15);
        assertEquals(0.5, p[1][0], 1e-15);
        assertArrayEquals(new int[] {1, 0}, posterior.mapAssignment());
        double expected = (Math.log(4) - 2) + (0.5 + Math.log(2));
        assertEquals(expected, posterior.logMarginal(), 1e-15);
    }

    @Test
    void aMemberNoValueExplainsIsImpossibleEvidenceNamingIt() {
        double inf = Double.NEGATIVE_INFINITY;
        Tensor table = Tensor.matrix(new double[][] {{0.0, inf, -1.0}, {-1.0, inf, 0.0}});
        MixturePosterior posterior = MixturePosterior.of("z", "data", table);

        assertEquals(inf, posterior.logMarginal());
        var e = assertThrows(ImpossibleEvidenceException.class, posterior::probabilities);
        assertTrue(e.getMessage().contains("site 'z' at data[1]"), e.getMessage());
        assertThrows(ImpossibleEvidenceException.class, posterior::mapAssignment);
    }

    @Test
    void nanInATableIsRejectedNamingTheMemberAndValue() {
        Tensor table = Tensor.matrix(new double[][] {{0.0, Double.NaN}});
        var e = assertThrows(IllegalArgumentException.class, () -> MixturePosterior.of("z", "data", table));
        assertTrue(e.getMessage().contains("site 'z' at data[1]: log joint of value 0 is NaN"), e.getMessage());
    }

    @Test
    void theLogMarginalsGradientInTheLogPriorIsThePosteriorResponsibilities() {
        // d/d logPrior_k of sum_n logsumexp_k(logPrior_k + L[k, n]) = sum_n P(z_n = k | x_n): the E-step.
        Tensor logPrior = Tensor.variable(Tensor.vector(Math.log(0.3), Math.log(0.7)));
        Tensor likelihood = Tensor.matrix(new double[][] {{-1.0, -4.0, -0.5}, {-2.0, -1.0, -3.0}});
        Tensor joint = logPrior.unsqueeze(1).add(likelihood);
        Tensor gradient = Autodiff.gradients(MixtureTables.logMarginal(joint)).of(logPrior);

        double[][] p = MixturePosterior.of("z", "data", joint).probabilities();
        for (int k = 0; k < 2; k++) {
            assertEquals(p[0][k] + p[1][k] + p[2][k], gradient.get(k), 1e-14);
        }
    }

    @Test
    void aBatchedPriorOrAMisshapedLikelihoodIsASiteError() {
        var batched = assertThrows(SiteException.class, () -> MixtureTables.logPrior("z", "data",
                Categorical.of(Tensor.matrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}))));
        assertTrue(batched.getMessage().contains("batch shape [2]"), batched.getMessage());

        var misfit = assertThrows(SiteException.class, () -> MixtureTables.logLikelihood("x", "z", 2,
                k -> Normal.of(Tensor.zeros(3), Tensor.ones(3)), Tensor.vector(1.0, 2.0)));
        assertTrue(misfit.getMessage().contains("site 'x' at z = 0"), misfit.getMessage());

        var missing = assertThrows(IllegalArgumentException.class, () -> MixtureTables.global(Map.of(), "locs"));
        assertTrue(missing.getMessage().contains("global site 'locs'"), missing.getMessage());
    }

    @Test
    void aSubsampledPlateOfGlobalsIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MixtureTables.requireWholePlate("components", 1, 2, "obs"));
        assertTrue(e.getMessage().contains("plate 'components' runs with 1 of its 2 members"), e.getMessage());
    }
}
