package dev.trellis.runtime.parallel;

import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Where a {@link MemberProgram} evaluates the members of its outermost plate: on the calling thread, on a pool of
 * threads ({@link #onThreads}), or on a cluster (the Spark module). Every implementation splits the step's members
 * into the same {@link MemberBlocks} and adds the blocks up exactly, so all of them give the same bits for the same
 * block size.
 *
 * <p>Whether an evaluation is thread-safe depends on where it runs: those on this machine's threads are, and may
 * serve several programs at once; a cluster's evaluation serves one step at a time (Spark's is not thread-safe).
 */
public interface MemberEvaluation extends AutoCloseable {

    /** {@return the block size of the canonical split} */
    int blockSize();

    /**
     * {@return the number of members of the program's outermost plate}: the program's own data for local evaluation;
     * the cluster's data set for a cluster (which the driver's program holds too: it tabulates each step over the
     * step's members, {@link MemberProgram#memberTables})
     */
    int memberCount(MemberProgram program);

    /**
     * Evaluates members and adds their blocks up.
     *
     * @param program the program
     * @param members the step's members (indices into the plate), distinct, in any order
     * @param globals the globals' values
     * @param tables the calling process's tabulation over {@code members} ({@link MemberProgram#memberTables}):
     *     its blocks share it; a cluster's executors tabulate their own, and put each adjoint where the input of
     *     the same name is in this one
     * @param gradient whether to compute gradients
     * @return the exact sums of the blocks' vectors ({@link BlockGradient}), in the layout of {@code tables}
     */
    ExactSums sum(MemberProgram program, int[] members, Tensor[] globals, StepTables tables, boolean gradient);

    /**
     * The program's factor for one run: the log-likelihood of the plate's members in this step, scaled by the plate's
     * subsampling scale, differentiable in the globals that require grad. The model's tables are tabulated once, here,
     * from the globals as the run holds them; the blocks' summed adjoints go back through that tabulation.
     *
     * @param name the factor's name on the tape, e.g. {@code log p(y)}
     * @param program the program
     * @param plate the outermost plate as this run uses it (its members and scale)
     * @param globals the globals, as the run drew them, in the order of {@link MemberProgram#globalNames()}
     */
    default Tensor logLikelihood(String name, MemberProgram program, Plate plate, Tensor... globals) {
        boolean gradient = false;
        Tensor[] values = new Tensor[globals.length];
        for (int g = 0; g < globals.length; g++) {
            gradient |= globals[g].requiresGrad();
            values[g] = globals[g].detach();
        }
        StepTables tables = program.memberTables(plate.indices(), globals);
        ExactSums sums = sum(program, plate.indices(), values, tables, gradient);
        return MemberFactor.of(name, plate.scale(), sums, tables, globals);
    }

    /** Releases what this evaluation holds (threads, a cluster connection); the default holds nothing. */
    @Override
    default void close() {
    }

    /** {@return evaluation on the calling thread, with blocks of {@link MemberBlocks#DEFAULT_SIZE}} */
    static MemberEvaluation sequential() {
        return LocalMemberEvaluation.SEQUENTIAL;
    }

    /**
     * {@return the default of generated programs: all of a run's members in one elimination on the calling thread,
     * without the canonical blocks} The fastest on one core; its bits are the plain elimination's, which differ in
     * the last places from a blocked evaluation's, so runs that must agree across threads or a cluster use
     * {@link #sequential()} or {@link #onThreads} with one block size.
     */
    static MemberEvaluation whole() {
        return LocalMemberEvaluation.WHOLE;
    }

    /** {@return whether this is {@link #whole()}: a generated program then runs one elimination, not blocks} */
    default boolean isWhole() {
        return false;
    }

    /**
     * {@return evaluation on {@code threads} threads: the calling thread and {@code threads - 1} daemon threads
     * (1: the calling thread alone), with blocks of {@link MemberBlocks#DEFAULT_SIZE}}
     */
    static LocalMemberEvaluation onThreads(int threads) {
        return new LocalMemberEvaluation(threads, MemberBlocks.DEFAULT_SIZE);
    }
}
