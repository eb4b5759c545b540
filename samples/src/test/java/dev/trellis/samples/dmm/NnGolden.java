package dev.trellis.samples.dmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * What the network golden files share: the closed-form weights their description gives (so that no random
 * initialisation has to be reproduced), and elementwise relative comparison.
 */
public final class NnGolden {
    private NnGolden() {}

    /**
     * The p-th parameter tensor of the files' formula: {@code (1 / sqrt(fan_in)) * sin(((A i^2 + B i) + C p) + D)} at
     * flat row-major index i (StrictMath's sin is fdlibm's, within an ulp of the C library's).
     */
    public static Tensor closedForm(JsonNode constants, int p, int fanIn, int... shape) {
        double a = constants.get("A").asDouble();
        double b = constants.get("B").asDouble();
        double c = constants.get("C").asDouble();
        double d = constants.get("D").asDouble();
        int count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] values = new double[count];
        double scale = 1.0 / StrictMath.sqrt(fanIn);
        for (int i = 0; i < count; i++) {
            double square = (double) ((long) i * i);
            values[i] = scale * StrictMath.sin(((a * square + b * i) + c * p) + d);
        }
        return Tensor.of(values, shape);
    }

    /**
     * Asserts elementwise agreement to {@code relative} of each expected entry, with a floor of {@code relative} times
     * 1e-6 of the largest expected entry (a dead ReLU unit's gradient is 0 in torch and may be a few ulps here).
     */
    public static void assertClose(String what, Tensor expected, Tensor actual, double relative) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        double largest = Arrays.stream(e).map(Math::abs).max().orElse(0);
        for (int i = 0; i < e.length; i++) {
            double tolerance = relative * Math.max(Math.abs(e[i]), 1e-6 * largest);
            if (!(Math.abs(a[i] - e[i]) <= tolerance)) {
                fail(what + " at flat index " + i + ": expected " + e[i] + " but got " + a[i] + " (tolerance "
                        + tolerance + ")");
            }
        }
    }

    public static void assertClose(String what, double expected, double actual, double relative) {
        assertClose(what, Tensor.scalar(expected), Tensor.scalar(actual), relative);
    }
}
