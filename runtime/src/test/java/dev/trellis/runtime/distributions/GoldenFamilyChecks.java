package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.distributions.GoldenDistributions.Case;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs every golden {@code log_prob} record of a family: where torch with validation on raises, Trellis must throw
 * an {@link IllegalArgumentException} naming the offending parameter or value; otherwise the log-density, mean,
 * variance and entropy must match torch to {@link GoldenDistributions#RELATIVE}, and torch's
 * {@code NotImplementedError} must be an {@link UnsupportedOperationException}.
 */
final class GoldenFamilyChecks {

    private GoldenFamilyChecks() {
    }

    /**
     * Checks all records of {@code family}; {@code expectedRecords} guards against records silently going missing.
     *
     * @param factory builds the distribution from a record's parameters with the family's tensor factory
     */
    static void checkAll(String family, int expectedRecords, Function<Case, Distribution> factory) {
        List<Case> cases = GoldenDistributions.cases(family);
        assertEquals(expectedRecords, cases.size(), family + ": number of golden records");
        for (Case c : cases) {
            if (c.torchRejects()) {
                checkRejected(c, factory);
            } else {
                Distribution d = factory.apply(c);
                GoldenDistributions.assertMatches(c.logProb(), d.logProb(c.valueTensor()), c + " log_prob");
                checkProperty(c.mean(), d::mean, c + " mean");
                checkProperty(c.variance(), d::variance, c + " variance");
                checkProperty(c.entropy(), d::entropy, c + " entropy");
            }
        }
    }

    /** The factory rejects a parameter (naming it), or else logProb rejects the value (naming it). */
    private static void checkRejected(Case c, Function<Case, Distribution> factory) {
        Distribution d;
        try {
            d = factory.apply(c);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("parameter"), c + ": " + e.getMessage());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.logProb(c.valueTensor()),
                c + ": torch rejects it with " + c.validateArgsTrue());
        String value = Double.toString(GoldenDistributions.number(c.value()));
        assertTrue(e.getMessage().contains("= " + value), c + ": the message names the value: " + e.getMessage());
    }

    private static void checkProperty(JsonNode expected, Supplier<Tensor> actual, String what) {
        if (GoldenDistributions.isError(expected)) {
            assertThrows(UnsupportedOperationException.class, actual::get, what + ": torch raises "
                    + expected.get("error"));
            return;
        }
        Tensor value;
        try {
            value = actual.get();
        } catch (RuntimeException e) {
            fail(what + ": torch gives " + expected + " but Trellis threw " + e);
            return;
        }
        GoldenDistributions.assertMatches(expected, value, what);
    }
}
