package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Softplus}'s slope, taken from the exponential its forward pass kept, against torch's formula. */
class SoftplusTest {

    @Test
    void the_slope_is_the_logistic_of_beta_x_to_the_bit_and_one_above_the_threshold() {
        SplittableRandom random = new SplittableRandom(29);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-30, 30);
        }
        double[] edges = {0.0, -0.0, 10, 10.5, 9.999999, -800, 800, Double.NaN, Double.NEGATIVE_INFINITY};
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (double[] setting : new double[][] {{1, 20}, {2, 20}, {-0.5, 3}}) {
            double beta = setting[0];
            double threshold = setting[1];
            Tensor input = Tensor.variable(Tensor.of(x, x.length));
            double[] gradient = Autodiff.gradients(new Softplus(beta, threshold).forward(input).sum()).of(input)
                    .toArray();
            for (int i = 0; i < x.length; i++) {
                double bx = beta * x[i];
                double expected = Double.isNaN(bx) ? Double.NaN : bx > threshold ? 1 : ActivationKernels.logistic(bx);
                assertEquals(expected, gradient[i], 0.0, "softplus'(" + x[i] + "), beta " + beta);
            }
        }
    }
}
