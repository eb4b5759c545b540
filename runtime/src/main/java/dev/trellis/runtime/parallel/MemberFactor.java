package dev.trellis.runtime.parallel;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the exact sums of a step's blocks into the program's factor: a scalar tensor whose value is {@code scale}
 * times the summed log-likelihood and whose backward pass hands each global {@code scale} times its summed gradient.
 * The sums are rounded once here, so the factor is the same whatever split produced them.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class MemberFactor {

    private MemberFactor() {
    }

    /**
     * Builds the factor.
     *
     * @param name the operation's name on the tape, e.g. {@code log p(y)}
     * @param scale the subsampling scale of the outermost plate (size / members in this step)
     * @param sums the blocks' vectors ({@link BlockEvaluator}) added up
     * @param globals the globals the blocks were evaluated at, as the run holds them (with their graphs)
     * @return a scalar tensor, connected to the globals that require grad
     */
    public static Tensor of(String name, double scale, ExactSums sums, Tensor... globals) {
        if (sums.length() != BlockEvaluator.length(globals)) {
            throw new IllegalArgumentException(name + ": " + sums.length() + " sums for globals of "
                    + BlockEvaluator.length(globals) + " entries");
        }
        Tensor value = Tensor.scalar(scale * sums.rounded(0));
        List<Tensor> inputs = new ArrayList<>();
        List<double[]> gradients = new ArrayList<>();
        int at = 1;
        for (Tensor global : globals) {
            int n = global.numElements();
            if (global.requiresGrad()) {
                inputs.add(global);
                gradients.add(sums.rounded(at, n));
            }
            at += n;
        }
        if (inputs.isEmpty()) {
            return value;
        }
        return Tensor.withBackward(value, name, inputs, (out, adjoints) -> {
            double g = out[0] * scale;
            for (int i = 0; i < adjoints.length; i++) {
                double[] adjoint = adjoints[i];
                if (adjoint == null) {
                    continue;
                }
                double[] gradient = gradients.get(i);
                for (int j = 0; j < gradient.length; j++) {
                    adjoint[j] += g * gradient[j];
                }
            }
        });
    }
}
