package dev.trellis.spark;

import dev.trellis.runtime.parallel.ExactSums;
import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * Evaluates a program's members on Spark executors: data-parallel SVI for any generated {@link MemberProgram}.
 *
 * <p><b>Data.</b> The members of the outermost plate are partitioned in whole {@link MemberBlocks blocks}
 * (contiguous ranges of blocks, so a block never straddles two partitions); each executor builds the program over its
 * partition's members once, with the given {@link MemberProgramFactory}, and keeps it in memory for the whole run
 * (Spark rebuilds a lost partition from the members' data).
 *
 * <p><b>A step.</b> The driver draws the step's members (the program's run does, from the same random stream as on one
 * machine), broadcasts the globals' values and the members, and every partition evaluates the blocks of the step's
 * members it holds over its own tabulation of the step ({@link StepTables}, once per partition) and adds them up
 * exactly, each adjoint where the driver's tabulation has the input of the same name; a tree reduction
 * merges the partitions' {@link ExactSums}, and the driver rounds them into the program's factor, takes them back
 * through its own tabulation and applies the optimizer. (So the driver's program holds the members' data too.) The blocks and the exact sums are the same as on threads, so the trajectory has the same bits as
 * {@link MemberEvaluation#onThreads} with the same block size, whatever the number of executors or partitions.
 *
 * <p><b>Faults.</b> A failed task is retried by Spark (on a cluster, or in local mode with a master like
 * {@code local[4,2]}); a partition's result depends only on its members and the broadcast, so a retry returns the same
 * bits.
 *
 * <p>Not thread-safe: one step at a time. {@link #close} releases the cached partitions, and the Spark context when
 * this evaluation started it.
 */
public final class SparkMemberEvaluation implements MemberEvaluation {

    private final JavaSparkContext context;
    private final boolean ownsContext;
    private final int memberCount;
    private final int blockSize;
    private final int partitionCount;
    private final JavaRDD<PartitionPrograms> partitions;
    private @Nullable StepTimings lastStep;

    private SparkMemberEvaluation(JavaSparkContext context, boolean ownsContext, int memberCount, int blockSize,
            int partitionCount, JavaRDD<PartitionPrograms> partitions) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.memberCount = memberCount;
        this.blockSize = blockSize;
        this.partitionCount = partitionCount;
        this.partitions = partitions;
    }

    /**
     * Hands the members to the cluster and builds the executors' programs.
     *
     * @param context a running Spark context
     * @param members every member's data, in member order (member i is {@code members.get(i)}); serializable
     * @param factory builds a program over some members' data, on the executors
     * @param blockSize the block size of the canonical split
     * @param partitions how many partitions to spread the blocks over (at most one per block), e.g. the context's
     *     default parallelism
     * @param ownsContext whether {@link #close} stops the context
     * @return the evaluation, its partitions built and cached
     */
    public static <T> SparkMemberEvaluation create(JavaSparkContext context, List<T> members,
            MemberProgramFactory<T> factory, int blockSize, int partitions, boolean ownsContext) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(factory, "factory");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members to distribute");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + "; need at least 1");
        }
        int blocks = MemberBlocks.blockCount(members.size(), blockSize);
        int count = Math.min(partitions, blocks);
        List<Tuple2<Integer, IndexedMember<T>>> keyed = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            int block = MemberBlocks.blockOf(m, blockSize, members.size());
            keyed.add(new Tuple2<>((int) ((long) block * count / blocks), new IndexedMember<>(m, members.get(m))));
        }
        // The members reach their partitions through one shuffle, so that the cached programs' lineage holds no data:
        // a task of a later step ships its partition's index, not the members' data (an RDD mapped from a parallelized
        // collection would carry its slice in every task), and a lost partition is rebuilt from the shuffle's output.
        JavaRDD<PartitionPrograms> programs = context.parallelizePairs(keyed, count)
                .partitionBy(new BlockPartitioner(count))
                .mapPartitions(rows -> {
                    List<IndexedMember<T>> slice = new ArrayList<>();
                    rows.forEachRemaining(row -> slice.add(row._2()));
                    return List.of(PartitionPrograms.of(slice, factory)).iterator();
                })
                .persist(StorageLevel.MEMORY_ONLY());
        long held = programs.map(PartitionPrograms::size).reduce(Integer::sum);
        if (held != members.size()) {
            throw new IllegalStateException("the partitions hold " + held + " members, not " + members.size());
        }
        return new SparkMemberEvaluation(context, ownsContext, members.size(), blockSize, count, programs);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    /** {@return the number of members the cluster holds, the size of the program's outermost plate} */
    @Override
    public int memberCount(MemberProgram program) {
        return memberCount;
    }

    /** {@return how many partitions hold the members} */
    public int partitions() {
        return partitionCount;
    }

    /** {@return where the time of the last step went, or null before the first} */
    public @Nullable StepTimings lastStep() {
        return lastStep;
    }

    @Override
    public ExactSums sum(MemberProgram program, int[] members, Tensor[] globals, StepTables tables,
                         boolean gradient) {
        if (program.memberCount() != memberCount) {
            // the driver's tabulation of the step, over the step's members, is where the blocks' adjoints go back
            throw new IllegalArgumentException("the driver's program holds " + program.memberCount()
                    + " members, the cluster " + memberCount + "; build it over the same members' data");
        }
        List<int[]> blocks = MemberBlocks.split(members, blockSize, memberCount);
        int[] sorted = blocks.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        long start = System.nanoTime();
        Broadcast<StepRequest> request = context.broadcast(StepRequest.of(globals, gradient,
                sorted.length == memberCount ? null : sorted, tables));
        long broadcast = System.nanoTime();
        int size = blockSize;
        int count = memberCount;
        PartitionResult result;
        try {
            result = partitions.map(part -> part.evaluate(request.value(), size, count))
                    .treeReduce(PartitionResult::merge);
        } finally {
            request.destroy();
        }
        long done = System.nanoTime();
        lastStep = new StepTimings(broadcast - start, done - broadcast, result.maxComputeNanos, result.computeNanos,
                result.maxComputeCpuNanos, result.computeCpuNanos, result.mergeNanos, result.blocks, partitionCount);
        return result.sums;
    }

    @Override
    public void close() {
        partitions.unpersist(false);
        if (ownsContext) {
            context.stop();
        }
    }

    @Override
    public String toString() {
        return "SparkMemberEvaluation(" + context.master() + ", " + partitionCount + " partitions, blockSize="
                + blockSize + ")";
    }
}
