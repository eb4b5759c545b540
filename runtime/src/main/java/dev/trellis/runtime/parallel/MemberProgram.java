package dev.trellis.runtime.parallel;

import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A program whose exact log-likelihood is a sum over the members of its outermost plate (the sequences of an HMM, the
 * points of a mixture), so that any set of members can be evaluated on its own and the results added up.
 *
 * <p>The processor generates it for every model with enumerated sites and global inputs whose elimination is a
 * product over one top-level instance plate (nothing enumerated or observed outside it). The program's {@code run}
 * draws the globals through the context, then hands the step's members to its {@link MemberEvaluation}, which splits
 * them into {@link MemberBlocks}, tabulates the model's tables once per step and process ({@link #memberTables}),
 * runs the elimination of each block over them ({@link #memberElimination}, on threads, or on a cluster's executors),
 * and adds the blocks' log-likelihoods and adjoints up exactly ({@link ExactSums}); the calling thread takes one
 * backward pass through its own tabulation ({@link MemberFactor}). The result does not depend on where or in which
 * order the blocks ran.
 *
 * <p>Not thread-safe, as every generated program: one thread runs it at a time (its member evaluation may use
 * several threads for one run).
 */
public interface MemberProgram extends Program {

    /** {@return the name of the outermost plate, whose members this program evaluates independently} */
    String memberPlate();

    /** {@return the number of members of that plate in this program's data} */
    int memberCount();

    /**
     * {@return the names of the global values (latent global sites and parameters) the members' log-likelihood reads,
     * in the order {@link #memberLogLikelihood} takes them}
     */
    List<String> globalNames();

    /**
     * The log-likelihood of the data of some members given the globals, every enumerated site summed out, not scaled
     * by any subsampling.
     *
     * <p>Safe to call from several threads at once as long as the model's methods are.
     *
     * @param members indices into this program's members, each in {@code [0, memberCount())}, in the order their terms
     *     are to be added inside the block (ascending, for the canonical blocks)
     * @param globals one value per {@link #globalNames() global}, in that order
     * @return a scalar tensor, differentiable in every global that requires grad; {@code -Infinity} if the data of
     *     these members are impossible
     */
    Tensor memberLogLikelihood(int[] members, Tensor... globals);

    /**
     * Tabulates what the blocks of a step share ({@link StepTables}): the model's tables at these globals, and the
     * evidence whose inputs depend on the globals alone, over the data of {@code members} (so that it covers every
     * block of them). A step calls it once per process, on one thread; its blocks then call
     * {@link #memberElimination}.
     *
     * @param members indices into this program's members: the step's members that this process evaluates
     * @param globals one value per {@link #globalNames() global}; the tabulation is differentiable in those that
     *     require grad
     */
    StepTables memberTables(int[] members, Tensor... globals);

    /**
     * Runs the elimination of some members over a step's shared tabulation, registering with {@code gradient} the
     * tables and evidence it reads; evidence whose inputs depend on these members' data is made here, from
     * {@code globals}.
     *
     * <p>Safe to call from several threads at once (each with its own {@code gradient}) as long as the model's
     * methods are.
     *
     * @param members indices into this program's members, ascending, all among those {@code tables} was made for
     * @param tables the step's tabulation ({@link #memberTables})
     * @param query {@code GRADIENT} when the gradient is wanted, else {@code LIKELIHOOD}
     * @param gradient collects the block's adjoints
     * @param globals one value per {@link #globalNames() global}, leaves of the block's own tape
     * @return the finished elimination
     */
    Elimination memberElimination(int[] members, StepTables tables, Query query, BlockGradient gradient,
                                  Tensor... globals);

    /** {@return where this program evaluates its members} */
    MemberEvaluation memberEvaluation();

    /** Sets where this program evaluates its members from the next run on (default: {@link MemberEvaluation#whole()}). */
    void setMemberEvaluation(MemberEvaluation evaluation);

    /**
     * The exact log-likelihood of all of this program's members at given globals (no subsampling), evaluated in blocks
     * by its {@link #memberEvaluation()} — on threads, or a cluster's executors — and summed exactly: the same bits
     * for every evaluation of one block size. (The generated inference class's {@code logLikelihood} gives the same
     * value, to rounding, on one thread.)
     *
     * @param globals a value for each of {@link #globalNames()}, by name
     * @throws IllegalArgumentException naming a global without a value
     */
    default double logLikelihood(Map<String, Tensor> globals) {
        Tensor[] values = new Tensor[globalNames().size()];
        for (int g = 0; g < values.length; g++) {
            String name = globalNames().get(g);
            Tensor value = globals.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for global '" + name + "'; give one for each of "
                        + globalNames());
            }
            values[g] = value.detach();
        }
        MemberEvaluation evaluation = memberEvaluation();
        int[] all = new int[evaluation.memberCount(this)];
        Arrays.setAll(all, m -> m);
        return evaluation.sum(this, all, values, memberTables(all, values), false).rounded(0);
    }

    /** {@return whether {@code members} is every member of a plate of {@code count}, in order} */
    static boolean isEveryMember(int[] members, int count) {
        if (members.length != count) {
            return false;
        }
        for (int m = 0; m < count; m++) {
            if (members[m] != m) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that {@code globals} holds one tensor per name (for the generated {@link #memberLogLikelihood}).
     *
     * @throws IllegalArgumentException naming the globals expected, if the count differs or one is null
     */
    static void checkGlobals(List<String> names, Tensor[] globals) {
        boolean complete = globals.length == names.size();
        for (int g = 0; complete && g < globals.length; g++) {
            complete = globals[g] != null;
        }
        if (!complete) {
            throw new IllegalArgumentException("memberLogLikelihood needs one value per global " + names + ", got "
                    + globals.length + (globals.length == names.size() ? " with a null" : ""));
        }
    }
}
