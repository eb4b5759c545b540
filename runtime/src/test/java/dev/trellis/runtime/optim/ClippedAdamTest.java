package dev.trellis.runtime.optim;

import static dev.trellis.runtime.optim.OptimizerTestSupport.assertClose;
import static dev.trellis.runtime.optim.OptimizerTestSupport.one;
import static dev.trellis.runtime.optim.OptimizerTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClippedAdamTest {
    private static final double SQRT_1_MINUS_B2 = Math.sqrt(1 - 0.999);

    /** Pyro's first step: lr*lrd * sqrt(1-b2)/(1-b1) * (1-b1) g / (sqrt(1-b2) |g| + eps). */
    private static double firstStep(double lr, double g) {
        return lr * SQRT_1_MINUS_B2 * g / (SQRT_1_MINUS_B2 * Math.abs(g) + 1e-8);
    }

    @Test
    void firstStepAlreadyUsesTheDecayedLearningRate() {
        var optimizer = new ClippedAdam(0.1, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.5);
        Map<String, Tensor> next = optimizer.step(one("u", 1.0), one("u", 2.0));

        assertClose(1.0 - firstStep(0.05, 2.0), values(next, "u")[0], 1e-13);
        assertEquals(0.05, optimizer.learningRate());
    }

    @Test
    void gradientsAreClampedEntryByEntry() {
        var optimizer = ClippedAdam.withLearningRate(0.01);
        Map<String, Tensor> next = optimizer.step(one("u", 0.0, 0.0), one("u", 250.0, -3.0));

        assertClose(-firstStep(0.01, 10.0), values(next, "u")[0], 1e-13);
        assertClose(firstStep(0.01, 3.0), values(next, "u")[1], 1e-13);
    }

    @Test
    void learningRateDecaysGeometricallyStepByStep() {
        var optimizer = new ClippedAdam(1.0, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.9);
        Map<String, Tensor> params = one("u", 0.0);
        for (int k = 0; k < 5; k++) {
            params = optimizer.step(params, one("u", 1.0));
        }
        assertClose(Math.pow(0.9, 5), optimizer.learningRate(), 1e-15);
    }

    @Test
    void aFailedStepDoesNotDecayTheLearningRate() {
        var optimizer = new ClippedAdam(1.0, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.9);
        assertThrows(NonFiniteValueException.class,
                () -> optimizer.step(one("u", 0.0), one("u", Double.POSITIVE_INFINITY)));
        assertEquals(1.0, optimizer.learningRate());
    }
}
