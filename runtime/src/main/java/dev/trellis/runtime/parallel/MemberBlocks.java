package dev.trellis.runtime.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical split of a plate's members into blocks: a plate of {@code n} members is cut into
 * {@code ceil(n / blockSize)} runs of consecutive members whose sizes differ by at most one (member {@code m} belongs to
 * block {@code m * blocks / n}), and a block lists its members in ascending order.
 *
 * <p>The block is the unit of work and of reduction: each block's log-likelihood and gradient is computed by one call
 * of {@link MemberProgram#memberElimination} and then added exactly to the others. Because a block depends only on
 * the member indices and the plate's size — not on the number of threads, nor on how a cluster partitioned the data
 * (partitions hold whole blocks), nor on which members a subsampled step draws — every way of running the step
 * computes the same blocks, and so the same bits. The block size is part of that promise: runs with different block
 * sizes agree only to rounding.
 *
 * <p>Even blocks, rather than full blocks of {@code blockSize} and a remainder, let threads share the work evenly: on
 * hmm.py's 229 chorales blocks of at most 32 are 8 blocks of 28 or 29 chorales, of which two threads each take four,
 * 49–51% of the time steps; 7 blocks of 32 and one of 5 left one thread 54% (benchmarks/RESULTS.md).
 *
 * <p>Larger blocks amortise the per-block cost (setting up one elimination: its scans and evidence rows; the tables
 * are tabulated once per step, see {@link StepTables}); smaller blocks balance threads better and keep a subsampled
 * step's blocks small.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class MemberBlocks {

    /**
     * The default block size: at most 64 members. Each block pays about 0.02 ms for setting up its elimination (its
     * data are selected once and kept, {@link BlockData}) and 0.02–0.035 ms for adding its vector, whatever its size,
     * so larger blocks waste less; smaller ones share out more evenly over many workers. On hmm.py's 229 chorales
     * (4 blocks of 57 or 58, one per worker on 4 threads) two threads were 1.82–2.01x faster than one elimination in
     * four runs on an idle machine, against 1.73–1.87x with blocks of 32 and 1.71–1.86x with 16
     * (benchmarks/RESULTS.md); data sets of thousands of members keep many blocks at this size.
     */
    public static final int DEFAULT_SIZE = 64;

    private MemberBlocks() {
    }

    /**
     * Splits members into blocks.
     *
     * @param members distinct member indices, in any order
     * @param blockSize at least 1: the most members a block holds
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
            if (i + 1 == sorted.length
                    || blockOf(sorted[i + 1], blockSize, memberCount) != blockOf(sorted[i], blockSize, memberCount)) {
                blocks.add(Arrays.copyOfRange(sorted, start, i + 1));
                start = i + 1;
            }
        }
        return blocks;
    }

    /** {@return the number of blocks a plate of {@code memberCount} members is cut into: ceil(count / size)} */
    public static int blockCount(int memberCount, int blockSize) {
        checkSize(blockSize);
        if (memberCount < 0) {
            throw new IllegalArgumentException("member count " + memberCount + " is negative");
        }
        return memberCount == 0 ? 0 : (memberCount - 1) / blockSize + 1;
    }

    /**
     * {@return the block a member belongs to}
     *
     * @throws IllegalArgumentException if the member is outside {@code [0, memberCount)} or the block size below 1
     */
    public static int blockOf(int member, int blockSize, int memberCount) {
        int blocks = blockCount(memberCount, blockSize);
        if (member < 0 || member >= memberCount) {
            throw new IllegalArgumentException("member " + member + " is outside 0.." + (memberCount - 1));
        }
        return (int) ((long) member * blocks / memberCount);
    }

    static int checkSize(int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " must be at least 1");
        }
        return blockSize;
    }
}
