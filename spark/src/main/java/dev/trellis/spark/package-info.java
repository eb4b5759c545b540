/**
 * Data-parallel SVI on Apache Spark: {@link dev.trellis.spark.SparkMemberEvaluation} evaluates the members of a
 * generated program's outermost plate on executors that hold them, with the same blocks and exact sums as threads on
 * one machine, so trajectories have the same bits. {@link dev.trellis.spark.SparkClusters} makes it the
 * {@code "spark"} cluster kind of {@link dev.trellis.runtime.parallel.MemberClusters}, which the samples' command
 * line finds for {@code --spark MASTER}.
 */
@NullMarked
package dev.trellis.spark;

import org.jspecify.annotations.NullMarked;
