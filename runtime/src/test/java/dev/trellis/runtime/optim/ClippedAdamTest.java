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
    void severalStepsFollowPyrosUpdateWithWeightDecayClippingAndDecay() {
        double lr = 0.05;
        double beta1 = 0.8;
        double beta2 = 0.99;
        double eps = 1e-6;
        double weightDecay = 0.3;
        double clip = 1.5;
        double lrd = 0.9;
        var optimizer = new ClippedAdam(lr, beta1, beta2, eps, weightDecay, clip, lrd);
        double[] expected = {0.4, -1.2, 2.0};
        double[] m = new double[3];
        double[] v = new double[3];
        Map<String, Tensor> params = one("u", expected.clone());
        for (int step = 1; step <= 5; step++) {
            double[] grad = {2 * Math.sin(step), step - 3.0, 0.5 * step};   // some beyond the clip
            params = optimizer.step(params, one("u", grad));
            // pyro.optim.ClippedAdam.step, written out: decay lr, clamp, add weight decay, moments, update
            lr *= lrd;
            for (int i = 0; i < 3; i++) {
                double g = Math.max(-clip, Math.min(clip, grad[i])) + weightDecay * expected[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
                expected[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + eps);
            }
            for (int i = 0; i < 3; i++) {
                assertClose(expected[i], values(params, "u")[i], 1e-13);
            }
        }
        assertClose(lr, optimizer.learningRate(), 1e-15);
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
