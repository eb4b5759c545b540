package dev.trellis.runtime.parallel;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A kind of cluster that evaluates members on its executors, found on the class path by {@link ServiceLoader} (the
 * {@code trellis-spark} module provides {@code "spark"}), so that a program need not depend on the cluster's
 * libraries to offer it.
 *
 * <p>Implementations must be thread-safe: they are stateless factories of evaluations.
 */
public interface MemberClusters {

    /** {@return the cluster kind's name, e.g. {@code spark}} */
    String name();

    /**
     * Connects to a cluster and hands it the members' data, partitioned in whole {@link MemberBlocks blocks}; the
     * executors build their programs with {@code factory} once and keep them.
     *
     * @param master where the cluster is, in its own notation (Spark: {@code local[4]}, {@code spark://host:7077})
     * @param members the data of every member of the outermost plate, in member order
     * @param factory builds a program over some members, on the executors
     * @param blockSize the block size of the canonical split
     * @param <T> the data of one member; serializable
     * @return an evaluation whose {@link MemberEvaluation#close()} disconnects
     */
    <T> MemberEvaluation connect(String master, List<T> members, MemberProgramFactory<T> factory, int blockSize);

    /**
     * Finds a cluster kind by name.
     *
     * @throws IllegalStateException naming the kinds on the class path when none has that name
     */
    static MemberClusters find(String name) {
        List<MemberClusters> found = ServiceLoader.load(MemberClusters.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        return found.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalStateException("no '" + name + "' cluster support on the class path (found "
                        + found.stream().map(MemberClusters::name).toList() + "); add trellis-" + name
                        + " and its dependencies to the class path"));
    }
}
