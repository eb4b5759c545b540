package dev.trellis.runtime.optim;

import static dev.trellis.runtime.optim.OptimizerTestSupport.assertClose;
import static dev.trellis.runtime.optim.OptimizerTestSupport.one;
import static dev.trellis.runtime.optim.OptimizerTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesEachEntryByTheLearningRateTowardsLowerLoss() {
        // m1 = (1-b1) g and v1 = (1-b2) g^2, so after bias correction the step is lr * g / (|g| + eps).
        double lr = 0.05;
        double[] g = {3.0, -0.25, 1e-3};
        Map<String, Tensor> next = Adam.withLearningRate(lr).step(one("u", 1.0, 2.0, -1.0), one("u", g));

        double[] expected = {1.0 - lr * 3.0 / (3.0 + 1e-8), 2.0 + lr * 0.25 / (0.25 + 1e-8), -1.0 - lr * 1e-3 / (1e-3 + 1e-8)};
        for (int i = 0; i < 3; i++) {
            assertClose(expected[i], values(next, "u")[i], 1e-14);
        }
    }

    @Test
    void constantGradientGivesTheSameBiasCorrectedStepEveryTime() {
        var adam = new Adam(0.1, 0.8, 0.99, 1e-8, 0.0);
        Map<String, Tensor> params = one("u", 0.5);
        for (int k = 0; k < 25; k++) {
            params = adam.step(params, one("u", 2.0));
        }
        assertClose(0.5 - 25 * 0.1 * 2.0 / (2.0 + 1e-8), values(params, "u")[0], 1e-12);
    }

    @Test
    void weightDecayAddsTheL2GradientBeforeTheMoments() {
        // with weight decay w the effective gradient of the first step is g + w * value
        double value = 2.0;
        double g = 0.5;
        double w = 0.1;
        Map<String, Tensor> next = new Adam(0.01, 0.9, 0.999, 1e-8, w).step(one("u", value), one("u", g));
        double effective = g + w * value;
        assertClose(value - 0.01 * effective / (effective + 1e-8), values(next, "u")[0], 1e-14);
    }

    @Test
    void minimisesAQuadratic() {
        var adam = Adam.withLearningRate(0.05);
        Map<String, Tensor> params = one("u", 3.0, -2.0);
        for (int k = 0; k < 2000; k++) {
            double[] u = values(params, "u");
            params = adam.step(params, one("u", 2 * (u[0] - 1.0), 4 * (u[1] + 0.5)));
        }
        assertEquals(1.0, values(params, "u")[0], 1e-3);
        assertEquals(-0.5, values(params, "u")[1], 1e-3);
    }

    @Test
    void nonFiniteGradientChangesNothingAndNamesTheParameter() {
        var adam = Adam.withLearningRate(0.1);
        Map<String, Tensor> params = new HashMap<>(Map.of("a", Tensor.vector(1.0), "b", Tensor.vector(1.0, 2.0)));
        Map<String, Tensor> bad = Map.of("a", Tensor.vector(0.5), "b", Tensor.vector(0.5, Double.NaN));

        var e = assertThrows(NonFiniteValueException.class, () -> adam.step(params, bad));
        assertEquals("b", e.parameter());
        assertEquals(1, e.index());
        assertTrue(e.getMessage().contains("gradient of parameter 'b' is NaN at index 1"), e.getMessage());

        // the failed step advanced no state: the next step is a first step for both parameters
        Map<String, Tensor> next = adam.step(params, Map.of("a", Tensor.vector(0.5), "b", Tensor.vector(0.5, 0.5)));
        Map<String, Tensor> fresh = Adam.withLearningRate(0.1)
                .step(params, Map.of("a", Tensor.vector(0.5), "b", Tensor.vector(0.5, 0.5)));
        assertArrayEquals(fresh.get("a").toArray(), next.get("a").toArray());
        assertArrayEquals(fresh.get("b").toArray(), next.get("b").toArray());
    }

    @Test
    void aParameterWithoutGradientKeepsItsValueAndItsStepCount() {
        var adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.0);
        Map<String, Tensor> params = Map.of("a", Tensor.vector(1.0), "b", Tensor.vector(1.0));
        params = adam.step(params, Map.of("a", Tensor.vector(1.0)));
        assertEquals(1.0, values(params, "b")[0]);
        // b's first real step is still bias-corrected as step 1
        params = adam.step(params, Map.of("a", Tensor.vector(1.0), "b", Tensor.vector(-4.0)));
        assertClose(1.0 + 0.1 * 4.0 / (4.0 + 1e-8), values(params, "b")[0], 1e-14);
    }

    @Test
    void rejectsGradientsOfTheWrongShapeAndBadSettings() {
        var adam = Adam.withLearningRate(0.1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(one("u", 1.0, 2.0), one("u", 1.0)));
        assertTrue(e.getMessage().contains("'u' has shape [1] but the parameter has shape [2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.0, 0.9, 0.999, 1e-8, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0))
                .getMessage().contains("beta1 must be in [0, 1), got 1.0"));
        double inf = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> new Adam(inf, 0.9, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, inf, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, 1e-8, inf));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, -1e-300, 0));
    }
}
