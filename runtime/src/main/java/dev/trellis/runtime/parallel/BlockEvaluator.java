package dev.trellis.runtime.parallel;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Objects;

/**
 * Evaluates one block of members: its log-likelihood and, when wanted, its gradient with respect to each global,
 * flattened into one vector {@code [log-likelihood, d/d global 0 (row-major), d/d global 1, ...]} — the layout that
 * {@link ExactSums} adds up and {@link MemberFactor} reads back.
 *
 * <p>The globals are copied into fresh leaves, so the block's autodiff graph is its own and blocks can run on any
 * thread or machine: the same block gives the same bits everywhere.
 *
 * <p>Thread-safe: it keeps no state; blocks may be evaluated on several threads at once.
 */
public final class BlockEvaluator {

    private BlockEvaluator() {
    }

    /** {@return the length of a block's vector for these globals: 1 + their total number of entries} */
    public static int length(Tensor... globals) {
        int length = 1;
        for (Tensor global : globals) {
            length = Math.addExact(length, global.numElements());
        }
        return length;
    }

    /**
     * Evaluates a block.
     *
     * @param program the program whose members these are
     * @param block member indices of {@code program}, ascending
     * @param globals the values of the program's globals (their graphs are not followed)
     * @param gradient whether to compute the gradient (otherwise only entry 0 is set)
     * @return {@code [log-likelihood, gradient entries...]}, of {@link #length} entries
     */
    public static double[] evaluate(MemberProgram program, int[] block, Tensor[] globals, boolean gradient) {
        Objects.requireNonNull(program, "program");
        double[] out = new double[length(globals)];
        Tensor[] inputs = new Tensor[globals.length];
        for (int g = 0; g < globals.length; g++) {
            inputs[g] = gradient ? Tensor.variable(globals[g]) : globals[g].detach();
        }
        Tensor logLikelihood = program.memberLogLikelihood(block, inputs);
        out[0] = logLikelihood.item();
        if (!gradient || !logLikelihood.requiresGrad()) {
            return out;
        }
        Gradients gradients = Autodiff.gradients(logLikelihood);
        int at = 1;
        for (Tensor input : inputs) {
            double[] values = gradients.of(input).toArray();
            System.arraycopy(values, 0, out, at, values.length);
            at += values.length;
        }
        return out;
    }
}
