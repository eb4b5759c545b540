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
    }
}
