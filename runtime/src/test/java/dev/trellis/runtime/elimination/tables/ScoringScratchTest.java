package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.distributions.SharedRows;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The fused scoring keeps its exps in arrays reused per thread ({@link ScoringScratch}): a scoring whose array a later
 * scoring took, whose backward pass runs twice, or on another thread, still has the gradient of a scoring that
 * kept its array, to the bit.
 */
class ScoringScratchTest {

    private static final int MEMBERS = 13;
    private static final int N = 10;
    private static final int CELLS = 3;

    private final SplittableRandom random = new SplittableRandom(41);
    private final double[] y = new double[N * MEMBERS];
    private final Tensor source;
    private final SharedRows[] cells = new SharedRows[CELLS];
    private final Tensor weights;

    ScoringScratchTest() {
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(2);
        }
        source = Tensor.variable(Tensor.of(EvidenceChecks.uniform(random, 3 * 6 * MEMBERS, -7, 7), 3 * 6, MEMBERS));
        int[] notes = {0, 1, 1, 2, 3, 3, 3, 4, 5, 0};   // repeats, as a network's distinct rows of notes
        for (int cell = 0; cell < CELLS; cell++) {
            int[] rows = new int[N];
            for (int r = 0; r < N; r++) {
                rows[r] = cell * 6 + notes[r];
            }
            cells[cell] = SharedRows.of(source, rows, N, MEMBERS);
        }
        weights = Tensor.of(EvidenceChecks.uniform(random, N * CELLS, -1, 1), N, CELLS);
    }

    private Tensor score() {
        return BernoulliLogitsRows.scoreShared(y, N, cells);
    }

    private double[] gradient(Tensor scores) {
        return Autodiff.gradients(scores.mul(weights).sum()).of(source).toArray();
    }

    @Test
    void a_scoring_whose_array_was_taken_computes_its_exps_again() {
        double[] kept = gradient(score());
        Tensor early = score();
        for (int k = 0; k < ScoringScratch.KEPT + 1; k++) {   // forward passes only: nothing is released
            score();
        }
        assertArrayEquals(kept, gradient(early), 0.0);
    }

    @Test
    void a_backward_pass_run_twice_or_on_another_thread_gives_the_same_gradient() throws Exception {
        Tensor scores = score();
        double[] first = gradient(scores);
        score();   // takes the released array
        assertArrayEquals(first, gradient(scores), 0.0, "again, after another scoring");
        Tensor pending = score();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertArrayEquals(first, other.submit(() -> gradient(pending)).get(), 0.0, "on another thread");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void a_claim_takes_a_released_array_else_the_one_claimed_longest_ago() {
        ScoringScratch scratch = ScoringScratch.ofThisThread();
        synchronized (scratch) {
            Object[] owners = new Object[ScoringScratch.KEPT];
            double[][][] arrays = claimEvery(scratch, owners, k -> 5);
            for (double[][] set : arrays) {
                assertTrue(set.length >= 2 && set[0].length >= 5 && set[1].length >= 5);
            }
            scratch.release(owners[2]);
            Object next = new Object();
            assertSame(arrays[2], scratch.claim(next, 2, 5), "the released one");
            Object last = new Object();
            assertSame(arrays[0], scratch.claim(last, 2, 5), "the one claimed longest ago");
            assertNull(scratch.heldBy(owners[0]));
            assertSame(arrays[0], scratch.heldBy(last));
            for (Object owner : new Object[] {owners[1], owners[3], next, last}) {
                scratch.release(owner);
            }
        }
        assertThrows(IllegalStateException.class, () -> scratch.claim(new Object(), 1, 1), "without the lock");
    }

    @Test
    void a_claim_prefers_a_released_set_long_enough_and_grows_a_set_keeping_its_long_enough_arrays() {
        ScoringScratch scratch = ScoringScratch.ofThisThread();
        synchronized (scratch) {
            Object[] owners = new Object[ScoringScratch.KEPT];
            double[][][] arrays = claimEvery(scratch, owners, k -> k == 1 ? 400 : 7);
            scratch.release(owners[0]);
            scratch.release(owners[1]);
            Object wide = new Object();
            assertSame(arrays[1], scratch.claim(wide, 2, 300), "the released set whose arrays are long enough");
            Object longer = new Object();
            double[][] grown = scratch.claim(longer, 3, 9);
            assertTrue(grown.length >= 3, "as many arrays as asked for");
            for (double[] array : grown) {
                assertTrue(array.length >= 9, "each as long as asked for: " + array.length);
            }
            Object more = new Object();
            scratch.release(longer);
            double[][] again = scratch.claim(more, 4, 9);
            assertSame(grown[0], again[0], "an array long enough is kept when the set grows");
            assertSame(grown[2], again[2]);
            assertTrue(again.length >= 4 && again[3].length >= 9);
            for (Object owner : new Object[] {owners[2], owners[3], wide, more}) {
                scratch.release(owner);
            }
        }
    }

    @Test
    void work_arrays_are_zeroed_when_asked_and_kept_arrays_are_only_read_under_the_lock() {
        ScoringScratch scratch = ScoringScratch.ofThisThread();
        double[] dirty = scratch.work(0, 6);
        java.util.Arrays.fill(dirty, 3.0);
        double[] zeros = scratch.zeroWork(0, 6);
        assertSame(dirty, zeros, "the same array, reused");
        assertArrayEquals(new double[6], java.util.Arrays.copyOf(zeros, 6), 0.0);
        assertThrows(IllegalStateException.class, () -> scratch.heldBy(new Object()), "heldBy without the lock");
        assertThrows(IllegalStateException.class, () -> scratch.release(new Object()), "release without the lock");
    }

    /** Claims a set of two arrays for each of {@code owners} (made here), the k-th set of {@code length(k)} each. */
    private static double[][][] claimEvery(ScoringScratch scratch, Object[] owners,
            java.util.function.IntUnaryOperator length) {
        double[][][] arrays = new double[owners.length][][];
        for (int k = 0; k < owners.length; k++) {
            owners[k] = new Object();
            arrays[k] = scratch.claim(owners[k], 2, length.applyAsInt(k));
        }
        return arrays;
    }
}
