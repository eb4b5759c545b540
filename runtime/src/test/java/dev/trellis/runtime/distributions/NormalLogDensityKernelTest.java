package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused normal log-density: the composition's values to the bit, its gradients to rounding, finite differences,
 * and the composition's behaviour at infinite values and far tails.
 */
class NormalLogDensityKernelTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void values_are_the_composition_to_the_bit_and_gradients_to_rounding() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 12;
        double[] x = random.doubles(n, -3, 3).toArray();
        double[] m = random.doubles(n, -1, 1).toArray();
        double[] s = random.doubles(n, 0.05, 4).toArray();
        x[0] = 1e6;   // a far tail
        s[1] = 1e-150;   // a scale whose square underflows: both give the same infinity or NaN-free value
        Tensor[] fusedLeaves = leaves(x, m, s);
        Tensor[] composedLeaves = leaves(x, m, s);
        Tensor fused = NormalLogDensityKernel.logDensity(fusedLeaves[0], fusedLeaves[1], fusedLeaves[2]);
        Tensor composed = composed(composedLeaves[0], composedLeaves[1], composedLeaves[2]);
        assertArrayEquals(composed.toArray(), fused.toArray());
        Tensor adjoint = Tensor.of(random.doubles(n, -2, 2).toArray(), n);
        Gradients expected = Autodiff.gradients(List.of(composed), List.of(adjoint));
        Gradients actual = Autodiff.gradients(List.of(fused), List.of(adjoint));
        for (int k = 0; k < 3; k++) {
            double[] e = expected.of(composedLeaves[k]).toArray();
            double[] a = actual.of(fusedLeaves[k]).toArray();
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(e[i])) {
                    assertEquals(e[i], a[i], 1e-12 * Math.max(1, Math.abs(e[i])), "input " + k + " entry " + i);
                } else {
                    assertEquals(e[i], a[i], "input " + k + " entry " + i);
                }
            }
        }
    }

    @Test
    void the_gradients_agree_with_finite_differences_in_value_loc_and_scale() {
        Tensor x = Tensor.vector(0.3, -2.5, 4.0, 0.0);
        Tensor m = Tensor.vector(0.1, 1.0, -1.0, 0.0);
        Tensor s = Tensor.vector(0.7, 2.0, 1.5, 0.2);
        FiniteDifferences.assertGradient("d/dx", v -> NormalLogDensityKernel.logDensity(v, m, s), x);
        FiniteDifferences.assertGradient("d/dloc", v -> NormalLogDensityKernel.logDensity(x, v, s), m);
        FiniteDifferences.assertGradient("d/dscale", v -> NormalLogDensityKernel.logDensity(x, m, v), s);
    }

    @Test
    void an_infinite_value_has_density_zero_and_the_compositions_gradients() {
        Tensor[] fusedLeaves = leaves(new double[] {INF, -INF}, new double[] {0, 1}, new double[] {1, 2});
        Tensor[] composedLeaves = leaves(new double[] {INF, -INF}, new double[] {0, 1}, new double[] {1, 2});
        Tensor fused = NormalLogDensityKernel.logDensity(fusedLeaves[0], fusedLeaves[1], fusedLeaves[2]);
        Tensor composed = composed(composedLeaves[0], composedLeaves[1], composedLeaves[2]);
        assertArrayEquals(new double[] {-INF, -INF}, fused.toArray());
        Gradients expected = Autodiff.gradients(composed.sum());
        Gradients actual = Autodiff.gradients(fused.sum());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(expected.of(composedLeaves[k]).toArray(), actual.of(fusedLeaves[k]).toArray(),
                    "input " + k);
        }
    }

    @Test
    void normal_log_prob_takes_the_fused_node_only_for_a_value_of_the_parameters_shape() {
        Normal normal = Normal.of(Tensor.variable(Tensor.vector(0.0, 1.0)), Tensor.vector(1.0, 2.0));
        Tensor own = normal.logProb(Tensor.vector(0.5, -0.5));
        assertEquals("normalLogDensity", own.node().op());
        Tensor broadcast = normal.logProb(Tensor.of(new double[] {0.5, -0.5, 1, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2}, broadcast.shape());
        assertTrue(!broadcast.node().op().equals("normalLogDensity"));
        assertArrayEquals(composed(Tensor.vector(0.5, -0.5), Tensor.vector(0.0, 1.0), Tensor.vector(1.0, 2.0))
                .toArray(), own.toArray());
    }

    private static Tensor[] leaves(double[] x, double[] m, double[] s) {
        int n = x.length;
        return new Tensor[] {Tensor.variable(Tensor.of(x.clone(), n)), Tensor.variable(Tensor.of(m.clone(), n)),
            Tensor.variable(Tensor.of(s.clone(), n))};
    }

    /** The composition {@link Normal} uses for values of other shapes. */
    private static Tensor composed(Tensor value, Tensor loc, Tensor scale) {
        Tensor variance = scale.square();
        return value.sub(loc).square().div(variance.mul(2)).neg().sub(scale.log()).sub(Normal.LOG_SQRT_TWO_PI);
    }
}
