package dev.trellis.runtime.parallel;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One vector of {@link ExactSums} that the workers of a step add their blocks' vectors to as they finish them, so that
 * nothing is left to merge when the last block is done: the entries are cut into ranges, each with its own lock, and
 * a worker adds a vector range by range, taking whichever range is free (starting from one of its own, so that two
 * workers rarely wait for each other) and waiting only when every range it still has to add is taken.
 *
 * <p>Exact sums do not depend on the order of their terms, so neither do the rounded sums on the order in which the
 * workers got the locks.
 *
 * <p>Before: each worker added its blocks into exact sums of its own, which the calling thread merged after the last
 * block — ~3,000 entries a step on hmm.py's model_1, ~0.04 ms of the step's serial part (benchmarks/RESULTS.md).
 *
 * <p>Thread-safe: {@link #add} may run on several threads at once; read {@link #sums()} only after every add has
 * returned (e.g. after the workers' futures completed).
 */
final class SharedExactSums {

    /** Entries per range, about: small enough that two workers rarely want the same one, large enough to amortise it. */
    private static final int RANGE = 256;

    private final ExactSums sums;
    /** Range r is entries {@code [starts[r], starts[r + 1])}. */
    private final int[] starts;
    private final ReentrantLock[] locks;

    /** Exact sums of {@code length} entries, all zero. */
    SharedExactSums(int length) {
        this.sums = new ExactSums(length);
        int ranges = Math.max(1, (length + RANGE - 1) / RANGE);
        this.starts = new int[ranges + 1];
        for (int r = 0; r <= ranges; r++) {
            starts[r] = (int) ((long) length * r / ranges);
        }
        this.locks = new ReentrantLock[ranges];
        for (int r = 0; r < ranges; r++) {
            locks[r] = new ReentrantLock();
        }
    }

    /** {@return the number of ranges, each with its own lock} */
    int ranges() {
        return locks.length;
    }

    /**
     * Adds a vector to the sums, exactly.
     *
     * @param vector one value per entry
     * @param worker the adding worker's number, which decides the range it tries first
     * @param workers how many workers add
     */
    void add(double[] vector, int worker, int workers) {
        if (vector.length != sums.length()) {
            throw new IllegalArgumentException("cannot add " + vector.length + " values to " + sums.length()
                    + " exact sums");
        }
        int ranges = locks.length;
        boolean[] added = new boolean[ranges];
        int left = ranges;
        int first = (int) ((long) ranges * worker / Math.max(1, workers));
        while (left > 0) {
            int before = left;
            for (int k = 0; k < ranges; k++) {
                int r = (first + k) % ranges;
                if (!added[r] && locks[r].tryLock()) {
                    addLocked(vector, r);
                    added[r] = true;
                    left--;
                }
            }
            if (left == before) {   // every range still to add is taken: wait for the first of them
                int r = first;
                while (added[r]) {
                    r = (r + 1) % ranges;
                }
                locks[r].lock();
                addLocked(vector, r);
                added[r] = true;
                left--;
            }
        }
    }

    /** Adds the vector's entries of range {@code r}, whose lock the caller holds; releases it. */
    private void addLocked(double[] vector, int r) {
        try {
            sums.add(vector, starts[r], starts[r + 1]);
        } finally {
            locks[r].unlock();
        }
    }

    /** {@return the sums} once every {@link #add} has returned */
    ExactSums sums() {
        return sums;
    }
}
