package dev.trellis.spark;

import java.io.Serial;
import org.apache.spark.Partitioner;

/** Puts a member, keyed by the partition its block was assigned to, into that partition. */
final class BlockPartitioner extends Partitioner {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int partitions;

    BlockPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
