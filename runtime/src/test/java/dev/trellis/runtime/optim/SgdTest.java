package dev.trellis.runtime.optim;

import static dev.trellis.runtime.optim.OptimizerTestSupport.assertClose;
import static dev.trellis.runtime.optim.OptimizerTestSupport.one;
import static dev.trellis.runtime.optim.OptimizerTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdTest {

    @Test
    void plainStepSubtractsLearningRateTimesGradient() {
        Map<String, Tensor> next = Sgd.withLearningRate(0.1).step(one("u", 1.0, -2.0), one("u", 0.5, -4.0));
        assertClose(0.95, values(next, "u")[0], 1e-15);
        assertClose(-1.6, values(next, "u")[1], 1e-15);
    }

    @Test
    void momentumWithConstantGradientFollowsTheGeometricSeries() {
        // buf_1 = g, buf_k = m buf_{k-1} + g, so after n steps the value moved by lr g sum_k (1 - m^k) / (1 - m)
        double m = 0.9;
        var sgd = new Sgd(0.01, m, 0.0, 0.0, false);
        Map<String, Tensor> params = one("u", 0.0);
        double expected = 0;
        for (int k = 1; k <= 8; k++) {
            params = sgd.step(params, one("u", 1.0));
            expected -= 0.01 * (1 - Math.pow(m, k)) / (1 - m);
        }
        assertClose(expected, values(params, "u")[0], 1e-13);
    }

    @Test
    void dampenedMomentumWithWeightDecayFollowsTorchsUpdate() {
        double lr = 0.1;
        double momentum = 0.7;
        double dampening = 0.25;
        double weightDecay = 0.2;
        var sgd = new Sgd(lr, momentum, dampening, weightDecay, false);
        double[] expected = {1.5, -0.5};
        double[] buffer = new double[2];
        Map<String, Tensor> params = one("u", expected.clone());
        for (int step = 1; step <= 4; step++) {
            double[] grad = {Math.cos(step), 0.5 - step};
            params = sgd.step(params, one("u", grad));
            // torch.optim.SGD, written out: weight decay, then the buffer (the gradient itself at the first step)
            for (int i = 0; i < 2; i++) {
                double g = grad[i] + weightDecay * expected[i];
                buffer[i] = step == 1 ? g : momentum * buffer[i] + (1 - dampening) * g;
                expected[i] -= lr * buffer[i];
                assertClose(expected[i], values(params, "u")[i], 1e-14);
            }
        }
    }

    @Test
    void restoredMomentumMustHaveItsSlotAndTheParametersSize() {
        var sgd = new Sgd(0.1, 0.9, 0.0, 0.0, false);
        assertThrows(IllegalArgumentException.class, () -> sgd.restoreState(Map.of("exp_avg:u", Tensor.vector(1.0))));
        var extra = assertThrows(IllegalArgumentException.class, () -> sgd.restoreState(Map.of(
                "momentum_buffer:u", Tensor.vector(1.0), "exp_avg:u", Tensor.vector(1.0))));
        assertTrue(extra.getMessage().contains("parameter 'u'"), extra.getMessage());
        sgd.restoreState(Map.of("momentum_buffer:u", Tensor.vector(1.0, 2.0)));
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.step(one("u", 0.0), one("u", 1.0)));
        assertTrue(e.getMessage().contains("parameter 'u'"), e.getMessage());
    }

    @Test
    void nesterovAddsTheMomentumTermToTheGradient() {
        var sgd = new Sgd(0.1, 0.5, 0.0, 0.0, true);
        Map<String, Tensor> params = sgd.step(one("u", 0.0), one("u", 1.0)); // buf = 1, step g + 0.5 buf = 1.5
        assertClose(-0.15, values(params, "u")[0], 1e-15);
        params = sgd.step(params, one("u", 1.0)); // buf = 1.5, step 1 + 0.75
        assertClose(-0.15 - 0.175, values(params, "u")[0], 1e-15);
    }

    @Test
    void anOverflowingUpdateIsRejectedBeforeAnyChange() {
        var sgd = Sgd.withLearningRate(1e300);
        var e = assertThrows(NonFiniteValueException.class, () -> sgd.step(one("w", 1.0), one("w", 1e10)));
        assertEquals("w", e.parameter());
        assertTrue(e.getMessage().startsWith("updated value of parameter 'w' is -Infinity"), e.getMessage());
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.0, 0.0, 0.0, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.9, 0.1, 0.0, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.9, 1.5, 0.0, false));
        // dampening 1 is allowed; the first step's buffer is the gradient itself
        assertClose(-0.1, values(new Sgd(0.1, 0.9, 1.0, 0.0, false).step(one("u", 0.0), one("u", 1.0)), "u")[0],
                1e-15);
    }
}
