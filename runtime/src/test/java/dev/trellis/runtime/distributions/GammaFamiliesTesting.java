package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the tests of Gamma, Beta, Dirichlet and StudentT share: running every golden record of a family. (Their
 * gradients are checked by {@link dev.trellis.runtime.tensor.GradientChecker}, as the tensor operations' are.)
 */
final class GammaFamiliesTesting {

    private GammaFamiliesTesting() {
    }

    /**
     * Runs every golden {@code log_prob} record of a family: torch's rejections must throw naming the value's first
     * entry; everything else must match to 1e-9 relative, except the listed deviations, each of which must be a
     * record that runs (so a stale index cannot hide).
     *
     * @param factory builds the distribution from a record's parameters (may throw for rejected records)
     * @param deviations the golden index of each deliberate deviation, with Trellis's exact log-probability
     * @return how many records ran
     */
    static int runGolden(String family, Function<GoldenDistributions.Case, Distribution> factory,
            Map<Integer, Double> deviations) {
        int count = 0;
        Set<Integer> used = new HashSet<>();
        for (GoldenDistributions.Case c : GoldenDistributions.cases(family)) {
            count++;
            Tensor value = c.valueTensor();
            if (c.torchRejects()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> factory.apply(c).logProb(value), c.toString());
                String first = Double.toString(value.toArray()[0]);
                assertTrue(e.getMessage().contains(first), c + ": message should name " + first + ": "
                        + e.getMessage());
                continue;
            }
            Distribution d = factory.apply(c);
            Tensor logProb = d.logProb(value);
            if (deviations.containsKey(c.index())) {
                used.add(c.index());
                assertEquals(deviations.get(c.index()), logProb.item(), 0.0, c + ": the listed deviation");
            } else {
                GoldenDistributions.assertMatches(c.logProb(), logProb, c + " log_prob");
            }
            GoldenDistributions.assertMatches(c.mean(), d.mean(), c + " mean");
            GoldenDistributions.assertMatches(c.variance(), d.variance(), c + " variance");
            GoldenDistributions.assertMatches(c.entropy(), d.entropy(), c + " entropy");
        }
        assertEquals(deviations.keySet(), used, family + ": every listed deviation must be a record that is run");
        return count;
    }
}
