package dev.trellis.runtime.elimination.tables;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The large arrays of the fused Bernoulli scoring ({@link BernoulliLogitsRows}), reused per thread instead of
 * allocated per step: a step of hmm.py's nnHMM keeps 1.7 MB of {@code exp(-|l|)} from its forward pass to its backward
 * pass, and zeroing that much fresh memory took half as long as the exps themselves (JFR). Per thread, since a
 * data-parallel step runs on several; nothing is shared between threads but through the lock below.
 *
 * <p><b>Kept arrays</b> hold a scoring's exps (an array per input) from its forward pass until its backward pass
 * releases them. Each set is claimed by an owner (the scoring); a claim takes a released set, or else the one claimed
 * longest ago (a scoring whose gradient is never asked for releases nothing), and that set's former owner finds in its
 * backward pass that it no longer holds it and computes its exps again, to the same values. A backward pass may run
 * on another thread than its forward pass, or twice: every claim, and every read and write of a kept array, happens
 * while holding this object's lock (uncontended but for such a pass).
 *
 * <p><b>Work arrays</b> serve one backward pass on the thread that runs it, as temporaries (their contents are
 * whatever the last pass left). The arrays stay with the thread: at most {@link #KEPT} sets of kept arrays and
 * {@link #WORK} work arrays, each as long as the largest asked for.
 */
final class ScoringScratch {

    /** Sets of kept arrays per thread: more than the scorings (blocks of a step) whose backward passes are pending. */
    static final int KEPT = 4;

    /** Work arrays per thread. */
    static final int WORK = 4;

    private static final ThreadLocal<ScoringScratch> OF_THREAD = ThreadLocal.withInitial(ScoringScratch::new);

    private final double[][][] kept = new double[KEPT][][];
    private final @Nullable Object[] owners = new Object[KEPT];
    private final long[] claimedAt = new long[KEPT];
    private long claims;
    private final double[][] work = new double[WORK][];

    private ScoringScratch() {
    }

    /** {@return the calling thread's scratch} */
    static ScoringScratch ofThisThread() {
        return OF_THREAD.get();
    }

    /**
     * {@return at least {@code count} arrays of at least {@code length} elements each, now held by {@code owner}}
     * (their contents are left over; the caller writes what it reads). Call holding this object's lock, and write the
     * arrays before releasing it.
     */
    double[][] claim(Object owner, int count, int length) {
        requireLock();
        int chosen = -1;
        for (int k = 0; k < KEPT; k++) {   // released arrays, ones large enough if there are
            if (owners[k] == null && (chosen < 0 || fits(k, count, length) && !fits(chosen, count, length))) {
                chosen = k;
            }
        }
        if (chosen < 0) {   // every one is held: take the one claimed longest ago
            chosen = 0;
            for (int k = 1; k < KEPT; k++) {
                chosen = claimedAt[k] < claimedAt[chosen] ? k : chosen;
            }
        }
        if (!fits(chosen, count, length)) {
            double[][] arrays = new double[Math.max(count, kept[chosen] == null ? 0 : kept[chosen].length)][];
            for (int i = 0; i < arrays.length; i++) {
                double[] old = kept[chosen] != null && i < kept[chosen].length ? kept[chosen][i] : null;
                arrays[i] = old != null && old.length >= length ? old : new double[length];
            }
            kept[chosen] = arrays;
        }
        owners[chosen] = owner;
        claimedAt[chosen] = ++claims;
        return kept[chosen];
    }

    /** {@return the arrays {@code owner} holds, or null if a later claim took them} Call holding the lock. */
    double @Nullable [][] heldBy(Object owner) {
        requireLock();
        for (int k = 0; k < KEPT; k++) {
            if (owners[k] == owner) {
                return kept[k];
            }
        }
        return null;
    }

    /** Releases the arrays {@code owner} holds, if it still does. Call holding the lock. */
    void release(Object owner) {
        requireLock();
        for (int k = 0; k < KEPT; k++) {
            if (owners[k] == owner) {
                owners[k] = null;
            }
        }
    }

    /**
     * {@return work array {@code which} of at least {@code length} elements, its contents left over} For the thread
     * that owns this scratch only.
     */
    double[] work(int which, int length) {
        double[] array = work[which];
        if (array == null || array.length < length) {
            array = new double[length];
            work[which] = array;
        }
        return array;
    }

    /** {@return work array {@code which} with its first {@code length} elements zero} */
    double[] zeroWork(int which, int length) {
        double[] array = work(which, length);
        Arrays.fill(array, 0, length, 0.0);
        return array;
    }

    private boolean fits(int k, int count, int length) {
        if (kept[k] == null || kept[k].length < count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (kept[k][i].length < length) {
                return false;
            }
        }
        return true;
    }

    private void requireLock() {
        if (!Thread.holdsLock(this)) {
            throw new IllegalStateException("a scoring scratch's kept arrays are used holding its lock");
        }
    }
}
