package dev.trellis.spark;

/**
 * Where the time of one Spark step went, in nanoseconds, as the driver and the partitions measured it.
 *
 * @param broadcastNanos making the step's broadcast (the globals and the members) on the driver
 * @param jobNanos the job, from submitting it to holding the reduced sums: the executors fetching the broadcast,
 *     evaluating their blocks, serialising their results, the tree reduction, and Spark's scheduling between them
 * @param maxComputeNanos the longest time one partition spent evaluating its blocks
 * @param totalComputeNanos the time all partitions spent evaluating blocks, added up
 * @param maxComputeCpuNanos the largest CPU time one partition's thread spent evaluating its blocks
 * @param totalComputeCpuNanos the CPU time of all partitions' evaluations, added up
 * @param mergeNanos the time the tree reduction spent merging exact sums, added up over its merges
 * @param blocks the blocks evaluated
 * @param partitions the partitions holding the members
 */
public record StepTimings(long broadcastNanos, long jobNanos, long maxComputeNanos, long totalComputeNanos,
                          long maxComputeCpuNanos, long totalComputeCpuNanos, long mergeNanos, int blocks,
                          int partitions) {

    /** {@return what the job spent beyond the slowest partition's compute and the merges: scheduling, shipping} */
    public long overheadNanos() {
        return Math.max(0, jobNanos - maxComputeNanos - mergeNanos);
    }
}
