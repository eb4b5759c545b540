package dev.trellis.runtime.parallel;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the exact sums of a step's blocks into the program's factor: a scalar tensor whose value is {@code scale}
 * times the summed log-likelihood and whose backward pass hands each shared input of the step's tabulation
 * ({@link StepTables}: the tables, the shared evidence inputs) {@code scale} times its summed adjoint — from there the
 * tape goes back through the one tabulation to the globals — and each global {@code scale} times the gradient the
 * blocks took through evidence of their own. The sums are rounded once here, so the factor is the same whatever split
 * produced them.
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
     * @param sums the blocks' vectors ({@link BlockGradient}) added up, in the layout of {@code tables}
     * @param tables the step's tabulation from {@code globals}, as the run holds them (with their graphs)
     * @param globals the globals the blocks were evaluated at, as the run holds them (with their graphs)
     * @return a scalar tensor, connected to the inputs and globals that require grad
     */
    public static Tensor of(String name, double scale, ExactSums sums, StepTables tables, Tensor... globals) {
        if (sums.length() != BlockGradient.length(tables, globals)) {
            throw new IllegalArgumentException(name + ": " + sums.length() + " sums for shared inputs and globals of "
                    + BlockGradient.length(tables, globals) + " entries");
        }
        Tensor value = Tensor.scalar(scale * sums.rounded(0));
        List<Tensor> inputs = new ArrayList<>();
        List<double[]> gradients = new ArrayList<>();
        int at = 1;
        for (Tensor input : tables.inputs()) {   // all require grad
            int n = input.numElements();
            inputs.add(input);
            gradients.add(sums.rounded(at, n));
            at += n;
        }
        for (Tensor global : globals) {
            int n = global.numElements();
            if (global.requiresGrad()) {
                double[] gradient = sums.rounded(at, n);
                if (!allZero(gradient)) {   // only evidence of the blocks' own reaches the globals directly
                    inputs.add(global);
                    gradients.add(gradient);
                }
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

    private static boolean allZero(double[] values) {
        for (double value : values) {
            if (value != 0.0) {
                return false;
            }
        }
        return true;
    }
}
