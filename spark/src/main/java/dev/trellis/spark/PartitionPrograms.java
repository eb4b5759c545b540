package dev.trellis.spark;

import dev.trellis.runtime.parallel.BlockEvaluator;
import dev.trellis.runtime.parallel.ExactSums;
import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One partition's members, held by an executor for the whole run: their indices in the plate (ascending, whole
 * blocks) and the program built over their data, once. Kept in Spark's block store (deserialized, in memory), never
 * shipped: a lost partition is rebuilt from the members' data.
 */
final class PartitionPrograms {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final int[] members;
    private final MemberProgram program;

    private PartitionPrograms(int[] members, MemberProgram program) {
        this.members = members;
        this.program = program;
    }

    /** Builds the partition's program from its (index, data) pairs, in member order. */
    static <T> PartitionPrograms of(List<IndexedMember<T>> rows, MemberProgramFactory<T> factory) {
        List<IndexedMember<T>> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        int[] members = sorted.stream().mapToInt(IndexedMember::index).toArray();
        List<T> data = sorted.stream().map(IndexedMember::data).toList();
        MemberProgram program = factory.create(data);
        if (program.memberCount() != members.length) {
            throw new IllegalStateException("the program factory built a program of " + program.memberCount()
                    + " members from " + members.length + " members' data");
        }
        return new PartitionPrograms(members, program);
    }

    /** {@return how many members this partition holds} */
    int size() {
        return members.length;
    }

    /**
     * Evaluates the step's members that live here, block by block, and adds the blocks up exactly.
     *
     * @param request the step (members ascending)
     * @param blockSize the canonical block size
     */
    PartitionResult evaluate(StepRequest request, int blockSize) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        Tensor[] globals = request.globals();
        ExactSums sums = new ExactSums(BlockEvaluator.length(globals));
        int blocks = 0;
        int[] step = request.members();
        int[] local = step == null ? java.util.stream.IntStream.range(0, members.length).toArray() : localMembers(step);
        int from = 0;
        while (from < local.length) {
            int block = MemberBlocks.blockOf(members[local[from]], blockSize);
            int to = from + 1;
            while (to < local.length && MemberBlocks.blockOf(members[local[to]], blockSize) == block) {
                to++;
            }
            sums.add(0, BlockEvaluator.evaluate(program, Arrays.copyOfRange(local, from, to), globals,
                    request.gradient()));
            blocks++;
            from = to;
        }
        PartitionResult result = new PartitionResult(sums);
        result.blocks = blocks;
        result.computeNanos = System.nanoTime() - start;
        result.maxComputeNanos = result.computeNanos;
        result.computeCpuNanos = CPU.getCurrentThreadCpuTime() - cpuStart;
        result.maxComputeCpuNanos = result.computeCpuNanos;
        return result;
    }

    /** The positions here of the step's members that live here, ascending (both lists are ascending). */
    private int[] localMembers(int[] step) {
        int[] local = new int[Math.min(step.length, members.length)];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < step.length && j < members.length) {
            if (step[i] == members[j]) {
                local[n++] = j;
                i++;
                j++;
            } else if (step[i] < members[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(local, n);
    }
}
