package dev.trellis.runtime.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical split of a step's members into blocks: member {@code m} belongs to block {@code m / blockSize}, and a
 * block lists its members in ascending order.
 *
 * <p>The block is the unit of work and of reduction: each block's log-likelihood and gradient is computed by one call
 * of {@link MemberProgram#memberElimination} and then added exactly to the others. Because a block depends only on
 * the member indices — not on the number of threads, nor on how a cluster partitioned the data (partitions hold whole
 * blocks) — every way of running the step computes the same blocks, and so the same bits. The block size is part of
 * that promise: runs with different block sizes agree only to rounding.
 *
 * <p>Larger blocks amortise the per-block cost (setting up one elimination: its evidence rows and scans; the tables
 * are tabulated once per step, see {@link StepTables}); smaller blocks balance threads better and keep a subsampled
 * step's blocks small.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class MemberBlocks {

    /**
     * The default block size: 16 members. On hmm.py's 229 chorales that is 15 blocks, which two threads share within
     * 1% of evenly (blocks of 32 are 8, whose best split leaves one thread 7.6% more work), at the price of about
     * 0.1 ms per block for setting up its elimination (benchmarks/RESULTS.md).
     */
    public static final int DEFAULT_SIZE = 16;

    private MemberBlocks() {
    }

    /**
     * Splits members into blocks.
     *
     * @param members distinct member indices, in any order
     * @param blockSize at least 1
     * @param memberCount the plate's size; every member must be in {@code [0, memberCount)}
     * @return the non-empty blocks in increasing block order, each ascending
     * @throws IllegalArgumentException naming the member that is out of range or repeated, or a block size below 1
     */
    public static List<int[]> split(int[] members, int blockSize, int memberCount) {
        checkSize(blockSize);
        int[] sorted = members.clone();
        Arrays.sort(sorted);
        List<int[]> blocks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= memberCount) {
                throw new IllegalArgumentException("member " + sorted[i] + " is outside 0.." + (memberCount - 1));
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("member " + sorted[i] + " is listed twice");
            }
            if (i + 1 == sorted.length || sorted[i + 1] / blockSize != sorted[i] / blockSize) {
                blocks.add(Arrays.copyOfRange(sorted, start, i + 1));
                start = i + 1;
            }
        }
        return blocks;
    }

    /** {@return the block a member belongs to} */
    public static int blockOf(int member, int blockSize) {
        checkSize(blockSize);
        return member / blockSize;
    }

    static int checkSize(int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " must be at least 1");
        }
        return blockSize;
    }
}
