package dev.trellis.spark;

import dev.trellis.runtime.parallel.ExactSums;
import java.io.Serial;
import java.io.Serializable;

/**
 * What a partition sends back for one step, and what the tree reduction merges: the exact sums of its blocks, and
 * where the time went (for the benchmark's split of a step into compute, broadcast and reduce).
 *
 * <p>Mutable: merging adds the other result into this one (Spark's {@code treeReduce} may reuse either side).
 */
final class PartitionResult implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    final ExactSums sums;
    /** Blocks evaluated, summed over the merged partitions. */
    int blocks;
    /** Nanoseconds spent evaluating blocks: summed, and the largest of one partition. */
    long computeNanos;
    long maxComputeNanos;
    /** The same in CPU time of the evaluating threads (what the compute costs on an idle core). */
    long computeCpuNanos;
    long maxComputeCpuNanos;
    /** Nanoseconds spent merging results, summed over the tree's merges. */
    long mergeNanos;

    PartitionResult(ExactSums sums) {
        this.sums = sums;
    }

    static PartitionResult merge(PartitionResult a, PartitionResult b) {
        long start = System.nanoTime();
        a.sums.add(b.sums);
        a.blocks += b.blocks;
        a.computeNanos += b.computeNanos;
        a.maxComputeNanos = Math.max(a.maxComputeNanos, b.maxComputeNanos);
        a.computeCpuNanos += b.computeCpuNanos;
        a.maxComputeCpuNanos = Math.max(a.maxComputeCpuNanos, b.maxComputeCpuNanos);
        a.mergeNanos += b.mergeNanos + (System.nanoTime() - start);
        return a;
    }
}
