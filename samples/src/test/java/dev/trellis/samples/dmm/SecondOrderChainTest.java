package dev.trellis.samples.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated program of a continuous chain of history 2 with an initial value and an observation reading its own
 * previous value gives the log joint written out by hand, step by step.
 */
class SecondOrderChainTest {

    @Test
    void theLogJointIsTheHandWrittenSumOverSteps() {
        double[] z = {0.3, -1.2, 0.8, 2.1, -0.4};
        double[] x = {0.1, -0.9, 1.5, 1.7, 0.2};
        SecondOrderChainProgram program = new SecondOrderChainProgram(new SecondOrderChain(), Tensor.vector(x));
        Map<String, Tensor> path = new LinkedHashMap<>();
        for (int t = 1; t <= z.length; t++) {
            path.put("z_" + t, Tensor.scalar(z[t - 1]));
        }

        double logJoint = Conditioned.logJoint(Conditioned.run(program, path, new ParamStore()));

        double expected = 0;
        for (int t = 0; t < z.length; t++) {
            double last = t >= 1 ? z[t - 1] : 1.0;       // @Previous(initial = 1)
            double mean = t >= 2 ? 0.5 * last - 0.3 * z[t - 2] : 0.5 * last;
            expected += normal(z[t], mean, 1.0);
            expected += normal(x[t], t >= 1 ? z[t] + 0.2 * x[t - 1] : z[t], 0.5);
        }
        assertEquals(expected, logJoint, 1e-12 * Math.abs(expected));
        assertEquals(5, program.plateSize("time"));
    }

    private static double normal(double value, double mean, double scale) {
        double u = (value - mean) / scale;
        return -0.5 * u * u - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
    }
}
