package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Function;

/**
 * Checks the gradients of distribution quantities (log-probabilities, moments, entropies, reparameterised draws)
 * against central differences: the autodiff gradient of {@code sum(f(x))} with respect to {@code x} must match
 * the five-point stencil {@code (-F(x+2h) + 8F(x+h) - 8F(x-h) + F(x-2h)) / 12h} at {@code h = 1e-4 max(1, |x|)},
 * whose truncation error is {@code O(h^4)}, about 1e-16 relative for the smooth functions here, and whose rounding
 * error is about {@code eps |F| / h}, about 1e-12 relative: a tolerance of 1e-7 relative (plus 1e-9 absolute for
 * derivatives near 0) separates a wrong formula from rounding by orders of magnitude.
 */
final class FiniteDifferences {

    private static final double RELATIVE = 1e-7;
    private static final double ABSOLUTE = 1e-9;

    private FiniteDifferences() {
    }

    /**
     * Asserts that the gradient of {@code sum(f(x))} at {@code x} matches finite differences in every entry.
     *
     * @param what a name for failure messages
     * @param f the function; it must be smooth within {@code 2h} of each entry (so points stay that far inside a
     *     parameter's domain) and give a graph for a variable
     * @param x the point, a constant
     */
    static void assertGradient(String what, Function<Tensor, Tensor> f, Tensor x) {
        Tensor leaf = Tensor.variable(x);
        Tensor output = f.apply(leaf).sum();
        assertTrue(output.requiresGrad(), what + ": the result does not depend on the variable");
        double[] analytic = Autodiff.gradients(output).of(leaf).toArray();
        double[] values = x.toArray();
        for (int j = 0; j < values.length; j++) {
            double h = 1e-4 * Math.max(1, Math.abs(values[j]));
            double numeric = (-at(f, x, j, 2 * h) + 8 * at(f, x, j, h) - 8 * at(f, x, j, -h) + at(f, x, j, -2 * h))
                    / (12 * h);
            double error = Math.abs(analytic[j] - numeric);
            int index = j;
            assertTrue(error <= RELATIVE * Math.abs(numeric) + ABSOLUTE, () -> what + ": d/dx[" + index + "] is "
                    + analytic[index] + " by autodiff but " + numeric + " by finite differences");
        }
    }

    private static double at(Function<Tensor, Tensor> f, Tensor x, int j, double step) {
        double[] shifted = x.toArray();
        shifted[j] += step;
        return f.apply(Tensor.of(shifted, x.shape())).sum().item();
    }
}
