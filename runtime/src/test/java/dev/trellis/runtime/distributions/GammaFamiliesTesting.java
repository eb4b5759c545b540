package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;

/**
 * What the tests of Gamma, Beta, Dirichlet and StudentT share: running every golden record of a family, and
 * checking gradients of tensor functions against finite differences.
 */
final class GammaFamiliesTesting {

    /** A function of several parameter tensors to a tensor (summed before differentiating). */
    interface TensorFunction {
        Tensor apply(Tensor... inputs);
    }

    private GammaFamiliesTesting() {
    }

    /**
     * Runs every golden {@code log_prob} record of a family: torch's rejections must throw naming the value's first
     * entry; everything else must match to 1e-9 relative, except the listed deviations.
     *
     * @param factory builds the distribution from a record's parameters (may throw for rejected records)
     * @param deviations the golden index of each deliberate deviation, with Trellis's exact log-probability
     * @return how many records ran
     */
    static int runGolden(String family, Function<GoldenDistributions.Case, Distribution> factory,
            Map<Integer, Double> deviations) {
        int count = 0;
        for (GoldenDistributions.Case c : GoldenDistributions.cases(family)) {
            count++;
            Tensor value = c.valueTensor();
            if (c.torchRejects()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> factory.apply(c).logProb(value), c.toString());
                String first = Double.toString(value.toArray()[0]);
                assertTrue(e.getMessage().contains(first), c + ": message should name " + first + ": "
                        + e.getMessage());
                continue;
            }
            Distribution d = factory.apply(c);
            Tensor logProb = d.logProb(value);
            if (deviations.containsKey(c.index())) {
                assertEquals(deviations.get(c.index()), logProb.item(), 0.0, c + ": the listed deviation");
            } else {
                GoldenDistributions.assertMatches(c.logProb(), logProb, c + " log_prob");
            }
            GoldenDistributions.assertMatches(c.mean(), d.mean(), c + " mean");
            GoldenDistributions.assertMatches(c.variance(), d.variance(), c + " variance");
            GoldenDistributions.assertMatches(c.entropy(), d.entropy(), c + " entropy");
        }
        return count;
    }

    /**
     * Asserts that the autodiff gradient of {@code sum(f(inputs))} with respect to each input matches a five-point
     * central difference with step {@code h = 1e-4 max(1, |x|)}: truncation error {@code O(h^4)}, rounding error about
     * {@code eps |f| / h}, so agreement to {@code 1e-7} relative (plus 1e-9 absolute) is a strict check.
     */
    static void assertGradients(String what, TensorFunction f, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            leaves[k] = Tensor.variable(inputs[k]);
        }
        var gradients = Autodiff.gradients(f.apply(leaves).sum());
        for (int k = 0; k < inputs.length; k++) {
            double[] analytic = gradients.of(leaves[k]).toArray();
            double[] x = inputs[k].toArray();
            for (int j = 0; j < x.length; j++) {
                double h = 1e-4 * Math.max(1, Math.abs(x[j]));
                double numeric = (-at(f, inputs, k, j, 2 * h) + 8 * at(f, inputs, k, j, h)
                        - 8 * at(f, inputs, k, j, -h) + at(f, inputs, k, j, -2 * h)) / (12 * h);
                double tolerance = 1e-7 * Math.abs(numeric) + 1e-9;
                int input = k;
                int entry = j;
                assertTrue(Math.abs(analytic[j] - numeric) <= tolerance, () -> what + ": d/d input " + input + "["
                        + entry + "]: autodiff " + analytic[entry] + ", finite differences " + numeric);
            }
        }
    }

    /** {@code sum(f(inputs))} with one entry of one input shifted. */
    private static double at(TensorFunction f, Tensor[] inputs, int k, int j, double shift) {
        Tensor[] shifted = inputs.clone();
        double[] values = inputs[k].toArray();
        values[j] += shift;
        shifted[k] = Tensor.of(values, inputs[k].shape());
        return f.apply(shifted).sum().item();
    }
}
