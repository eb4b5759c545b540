package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.nn.ProductPrecision;

/** A command's JSON runs with {@code --products double} and {@code --products single} compared, loss by loss. */
final class SinglePrecisionRuns {

    private SinglePrecisionRuns() {
    }

    /**
     * Both runs succeeded and say their precision, the command put the default precision back, and with the same
     * seed every loss of the single run is within a product's float32 bound of the double run's, {@code (k + 2)
     * 2^-24} relative for the widest inner dimension {@code k}, yet not equal to it (the products took float32).
     */
    static void assertLossesDifferOnlyByFloat32Products(CliRun inDouble, CliRun inSingle, int widestInner) {
        assertEquals(0, inDouble.exitCode(), inDouble.err());
        assertEquals(0, inSingle.exitCode(), inSingle.err());
        assertSame(ProductPrecision.DOUBLE, ProductPrecision.current(), "the command restores the precision");
        JsonNode doubles = JsbCli.json(inDouble);
        JsonNode singles = JsbCli.json(inSingle);
        assertEquals("double", doubles.get("products").asText());
        assertEquals("single", singles.get("products").asText());
        assertEquals(doubles.get("losses").size(), singles.get("losses").size());
        for (int step = 0; step < doubles.get("losses").size(); step++) {
            double expected = doubles.get("losses").get(step).asDouble();
            double actual = singles.get("losses").get(step).asDouble();
            assertEquals(expected, actual, (widestInner + 2) * 0x1p-24 * Math.abs(expected), "loss of step " + step);
            assertNotEquals(expected, actual, "step " + step + " took float32 products");
        }
    }
}
