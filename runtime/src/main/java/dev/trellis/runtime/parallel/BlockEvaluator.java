package dev.trellis.runtime.parallel;

import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Objects;

/**
 * Evaluates one block of members over a step's shared tabulation ({@link StepTables}): the block runs only the
 * elimination over its members and returns its log-likelihood and, when wanted, its adjoints of the shared inputs
 * and the gradient its own evidence gives the globals, flattened into one vector ({@link BlockGradient}) — the layout
 * that {@link ExactSums} adds up and {@link MemberFactor} reads back; the step takes one backward pass through its
 * tabulation with the summed adjoints.
 *
 * <p>The globals are copied into fresh leaves, so the block's autodiff graph (for evidence of its own) is its own and
 * blocks can run on any thread or machine: the same block gives the same bits everywhere.
 *
 * <p>Thread-safe: it keeps no state; blocks may be evaluated on several threads at once.
 */
public final class BlockEvaluator {

    private BlockEvaluator() {
    }

    /** {@return 1 + the globals' total number of entries: the log-likelihood and a gradient of each global} */
    public static int length(Tensor... globals) {
        int length = 1;
        for (Tensor global : globals) {
            length = Math.addExact(length, global.numElements());
        }
        return length;
    }

    /**
     * Evaluates a block over a step's shared tabulation.
     *
     * @param program the program whose members these are
     * @param block member indices of {@code program}, ascending
     * @param tables the step's tabulation, made by {@code program} over members including these
     * @param globals the values of the program's globals (their graphs are not followed)
     * @param gradient whether to compute the gradient (otherwise only entry 0 is set)
     * @return the block's vector, of {@link BlockGradient#length} entries
     */
    public static double[] evaluate(MemberProgram program, int[] block, StepTables tables, Tensor[] globals,
                                    boolean gradient) {
        Objects.requireNonNull(program, "program");
        Tensor[] inputs = leaves(globals, gradient);
        BlockGradient blockGradient = new BlockGradient(tables);
        Elimination elimination = program.memberElimination(block, tables,
                gradient ? Query.GRADIENT : Query.LIKELIHOOD, blockGradient, inputs);
        return blockGradient.vector(elimination, inputs, gradient);
    }

    /**
     * Tabulates a step's shared inputs in a process that does not hold the step's globals with their graphs (a
     * cluster's executor): from fresh leaves, which all require a gradient when one is wanted, so that the tabulation's
     * inputs are the driver's (and a few the driver does not differentiate, which its layout does not name).
     */
    public static StepTables tabulate(MemberProgram program, int[] members, Tensor[] globals, boolean gradient) {
        return program.memberTables(members, leaves(globals, gradient));
    }

    private static Tensor[] leaves(Tensor[] globals, boolean gradient) {
        Tensor[] inputs = new Tensor[globals.length];
        for (int g = 0; g < globals.length; g++) {
            inputs[g] = gradient ? Tensor.variable(globals[g]) : globals[g].detach();
        }
        return inputs;
    }
}
