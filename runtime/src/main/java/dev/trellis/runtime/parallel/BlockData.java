package dev.trellis.runtime.parallel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A program's data of its blocks, selected once and kept for every later step: a full-batch step evaluates the same
 * canonical blocks every time ({@link MemberBlocks}), and selecting a block's data — its rows of each observed site,
 * its plates' instances, its evidence's rows and observations, which the selected data prepare once and keep — cost
 * each block ~2.5% of its evaluation on hmm.py's model_1, every step (benchmarks/RESULTS.md). A generated program
 * holds one and its {@link MemberProgram#memberElimination} asks it for the data of its members.
 *
 * <p>Only runs of consecutive members are kept — a canonical block is one — and at most {@link #LIMIT} of them, so
 * that a minibatch's blocks (any members) do not make it grow without bound; other member sets are selected each
 * time. The data must not depend on anything but the members (the program's bound data never change).
 *
 * <p>Thread-safe: blocks of one step ask for their data on several threads at once.
 *
 * @param <D> the program's data of some members
 */
public final class BlockData<D> {

    /** The most runs kept: a plate's canonical blocks at a few block sizes, and a minibatch's runs that happen. */
    static final int LIMIT = 4096;

    private final Map<Long, D> runs = new ConcurrentHashMap<>();

    /**
     * {@return the data of {@code members}} from the kept runs, or from {@code select}, which is kept if the members
     * are a run of consecutive members and there is room
     *
     * @param members member indices, ascending (a block)
     * @param select selects the data of members from the program's data
     */
    public D of(int[] members, Function<int[], D> select) {
        if (!isRun(members)) {
            return select.apply(members);
        }
        long key = ((long) members[0] << 32) | members.length;
        D kept = runs.get(key);
        if (kept != null) {
            return kept;
        }
        D selected = select.apply(members);
        if (runs.size() < LIMIT) {
            D raced = runs.putIfAbsent(key, selected);   // another thread may have selected it too: keep one
            return raced != null ? raced : selected;
        }
        return selected;
    }

    /** {@return the number of runs kept} */
    int size() {
        return runs.size();
    }

    /** {@return whether {@code members} is {@code m, m + 1, ..., m + k}, k >= 0} */
    static boolean isRun(int[] members) {
        if (members.length == 0) {
            return false;
        }
        for (int i = 1; i < members.length; i++) {
            if (members[i] != members[0] + i) {
                return false;
            }
        }
        return true;
    }
}
