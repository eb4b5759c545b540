package dev.trellis.samples.cli;

import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberClusters;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where a training command evaluates the members of its outermost plate (the chorales, the data points): threads of
 * this machine, or a Spark cluster. Every choice with the same block size gives the same bits.
 */
final class ParallelOptions {

    int threads = 1;
    private boolean threadsGiven;

    @Option(names = "--threads", paramLabel = "N", description = {"Evaluate the members (sequences, data points) in "
            + "blocks on N threads; any N gives the bits of one thread with blocks.", "Without --threads, --block-size "
            + "or --spark: one elimination over all members on this thread (the fastest on one core; its last bits "
            + "differ from the blocked runs')."})
    void threads(int value) {
        threads = value;
        threadsGiven = true;
    }

    @Option(names = "--spark", paramLabel = "MASTER", description = {"Evaluate the members on Apache Spark executors "
            + "instead, e.g. local[4] or spark://host:7077; the same bits as --threads.", "Needs trellis-spark and "
            + "Spark on the class path, and on Java 17 the JVM flags listed in the README."})
    @Nullable String spark;

    int blockSize = MemberBlocks.DEFAULT_SIZE;
    private boolean blockSizeGiven;

    @Option(names = "--block-size", paramLabel = "B", description = "At most B members per block of the "
            + "canonical split, which cuts the members into even runs (default: " + MemberBlocks.DEFAULT_SIZE + "); results are bit-identical across --threads and --spark "
            + "for one block size.")
    void blockSize(int value) {
        blockSize = value;
        blockSizeGiven = true;
    }

    /**
     * {@return the evaluation the options ask for}
     *
     * @param members every member's data, for a cluster
     * @param factory builds a program over some members, on a cluster's executors
     * @throws IllegalArgumentException for a bad number or both --threads (other than 1) and --spark
     */
    <T> MemberEvaluation evaluation(List<T> members, MemberProgramFactory<T> factory) {
        OptionChecks.atLeastOne("--threads", threads);
        OptionChecks.atLeastOne("--block-size", blockSize);
        if (spark != null) {
            if (threads != 1) {
                throw new IllegalArgumentException("--threads and --spark exclude each other: Spark's master sets its "
                        + "threads (local[N])");
            }
            MemberClusters clusters;
            try {
                clusters = MemberClusters.find("spark");
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("--spark " + spark + ": " + e.getMessage(), e);
            }
            return clusters.connect(spark, members, factory, blockSize);
        }
        if (!blocked()) {
            return MemberEvaluation.whole();
        }
        return MemberEvaluation.onThreads(threads).withBlockSize(blockSize);
    }

    /** Whether the options ask for the canonical blocks (any --threads or --block-size given); else one elimination. */
    private boolean blocked() {
        return threadsGiven || blockSizeGiven;
    }

    /** {@return a short description for the report: "2 threads", "Spark local[4]"} */
    String describe() {
        if (spark == null && !blocked()) {
            return "1 thread, one elimination";
        }
        return (spark != null ? "Spark " + spark : threads + (threads == 1 ? " thread" : " threads"))
                + ", blocks of " + blockSize;
    }
}
