package dev.trellis.spark;

import dev.trellis.runtime.parallel.BlockEvaluator;
import dev.trellis.runtime.parallel.ExactSums;
import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.parallel.StepTables;
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
     * Evaluates the step's members that live here: tabulates the step once over them, evaluates them block by block
     * over that tabulation, puts each block's adjoints where the driver's layout has the input of the same name, and
     * adds the blocks up exactly.
     *
     * @param request the step (members ascending, the driver's layout)
     * @param blockSize the canonical block size
     * @param memberCount the size of the plate whose members the cluster holds (the canonical blocks depend on it)
     */
    PartitionResult evaluate(StepRequest request, int blockSize, int memberCount) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        Tensor[] globals = request.globals();
        ExactSums sums = new ExactSums(request.length());
        int blocks = 0;
        int[] step = request.members();
        int[] local = step == null ? java.util.stream.IntStream.range(0, members.length).toArray() : localMembers(step);
        if (local.length > 0) {
            StepTables tables = BlockEvaluator.tabulate(program, local, globals, request.gradient());
            int[] positions = positions(tables, request);
            int from = 0;
            while (from < local.length) {
                int block = MemberBlocks.blockOf(members[local[from]], blockSize, memberCount);
                int to = from + 1;
                while (to < local.length
                        && MemberBlocks.blockOf(members[local[to]], blockSize, memberCount) == block) {
                    to++;
                }
                double[] vector = BlockEvaluator.evaluate(program, Arrays.copyOfRange(local, from, to), tables, globals,
                        request.gradient());
                for (int j = 0; j < vector.length; j++) {
                    if (positions[j] >= 0) {
                        sums.add(positions[j], vector[j]);
                    }
                }
                blocks++;
                from = to;
            }
        }
        PartitionResult result = new PartitionResult(sums);
        result.blocks = blocks;
        result.computeNanos = System.nanoTime() - start;
        result.maxComputeNanos = result.computeNanos;
        result.computeCpuNanos = CPU.getCurrentThreadCpuTime() - cpuStart;
        result.maxComputeCpuNanos = result.computeCpuNanos;
        return result;
    }

    /**
     * For each entry of a block's vector over this partition's tabulation, its entry in the driver's layout, or -1 for
     * an input the driver does not differentiate (a table of globals that do not require a gradient there; the
     * executor's leaves all do). The log-likelihood and the globals' gradients keep their places at either end.
     */
    private static int[] positions(StepTables tables, StepRequest request) {
        List<Tensor> inputs = tables.inputs();
        List<String> names = tables.inputNames();
        int[] driverOffsets = new int[request.inputSizes().length];
        int at = 1;
        for (int i = 0; i < driverOffsets.length; i++) {
            driverOffsets[i] = at;
            at += request.inputSizes()[i];
        }
        int driverGlobals = at;
        int own = 1;
        for (Tensor input : inputs) {
            own += input.numElements();
        }
        int[] positions = new int[own + request.length() - driverGlobals];
        positions[0] = 0;
        int entry = 1;
        for (int i = 0; i < inputs.size(); i++) {
            int n = inputs.get(i).numElements();
            int driver = request.inputNames().indexOf(names.get(i));
            if (driver >= 0 && request.inputSizes()[driver] != n) {
                throw new IllegalStateException("input " + names.get(i) + " has " + n + " entries here, "
                        + request.inputSizes()[driver] + " on the driver");
            }
            for (int j = 0; j < n; j++) {
                positions[entry++] = driver < 0 ? -1 : driverOffsets[driver] + j;
            }
        }
        for (int j = driverGlobals; j < request.length(); j++) {
            positions[entry++] = j;
        }
        return positions;
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
