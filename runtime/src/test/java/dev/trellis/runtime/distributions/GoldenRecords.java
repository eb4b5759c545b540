package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs every golden {@code log_prob} record of a family against Trellis: torch's rejections must be rejections,
 * everything else must match {@code log_prob}, {@code mean}, {@code variance} and {@code entropy} to 1e-9 relative,
 * except the deliberate deviations a test lists by record index, each with the exact Trellis values.
 */
final class GoldenRecords {

    /**
     * Where Trellis deliberately differs from torch on one record: the exact values Trellis gives instead (null
     * where the golden value applies) and why.
     */
    record Deviation(String note, @Nullable Double logProb, @Nullable Double entropy) {
    }

    private GoldenRecords() {
    }

    /**
     * Checks every record of {@code family}; {@code deviations} are keyed by the record's index in the golden file.
     *
     * @param build makes the distribution from a record's parameters
     */
    static void checkAll(String family, Function<GoldenDistributions.Case, Distribution> build,
            Map<Integer, Deviation> deviations) {
        List<GoldenDistributions.Case> cases = GoldenDistributions.cases(family);
        Set<Integer> used = new HashSet<>();
        for (GoldenDistributions.Case c : cases) {
            if (c.torchRejects()) {
                assertRejected(c, () -> build.apply(c));
                continue;
            }
            Deviation deviation = deviations.get(c.index());
            if (deviation != null) {
                used.add(c.index());
            }
            Distribution d = build.apply(c);
            String why = deviation == null ? "" : " " + deviation.note();
            check(c, "log_prob" + why, c.logProb(), deviation == null ? null : deviation.logProb(),
                    () -> d.logProb(c.valueTensor()));
            check(c, "mean", c.mean(), null, d::mean);
            check(c, "variance", c.variance(), null, d::variance);
            check(c, "entropy" + why, c.entropy(), deviation == null ? null : deviation.entropy(), d::entropy);
        }
        assertEquals(deviations.keySet(), used, family + ": every listed deviation must be a record that is run");
    }

    /**
     * Asserts that building the distribution or its {@code logProb} throws an {@link IllegalArgumentException}
     * whose message names the value outside the support (or the parameter outside its constraint).
     */
    static IllegalArgumentException assertRejected(GoldenDistributions.Case c, Supplier<Distribution> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build.get().logProb(c.valueTensor()), c + ": torch rejects it (" + c.validateArgsTrue() + ")");
        assertTrue(e.getMessage().contains(" is outside "), c + ": message " + e.getMessage());
        return e;
    }

    private static void check(GoldenDistributions.Case c, String what, JsonNode golden, @Nullable Double deviation,
            Supplier<Tensor> actual) {
        String label = c + " " + what;
        if (GoldenDistributions.isError(golden)) {
            assertThrows(UnsupportedOperationException.class, actual::get, label + ": torch raises "
                    + golden.get("error"));
        } else if (deviation != null) {
            assertEquals(deviation, actual.get().item(), 0.0, label + " (deliberate deviation from torch "
                    + GoldenDistributions.number(golden) + ")");
        } else {
            GoldenDistributions.assertMatches(golden, actual.get(), label);
        }
    }
}
