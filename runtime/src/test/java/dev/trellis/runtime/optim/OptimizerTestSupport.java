package dev.trellis.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/** Small helpers for the optimizer tests. */
final class OptimizerTestSupport {
    private OptimizerTestSupport() {}

    static Map<String, Tensor> one(String name, double... values) {
        return Map.of(name, Tensor.vector(values));
    }

    static double[] values(Map<String, Tensor> parameters, String name) {
        return parameters.get(name).toArray();
    }

    static void assertClose(double expected, double actual, double relative) {
        assertTrue(Math.abs(expected - actual) <= relative * Math.abs(expected),
                "expected " + expected + " but was " + actual);
    }
}
