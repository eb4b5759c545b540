package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chain factor's likelihood (no gradient) streams each sequence: the bytes that making the factor and taking
 * the likelihood allocate, counted by the JVM's per-thread allocation counter, are the same for one sequence of 10^6
 * steps as for one of 10^3 (the prepared data themselves, O(T + on-tones), are the caller's). A pass that kept
 * the T x K evidence would allocate 128 MB for the long one.
 */
class BernoulliChainFactorMemoryTest {

    private static final int K = 16;
    private static final int D = 51;

    @Test
    void theLikelihoodOfAMillionStepsAllocatesNoMoreThanThatOfAThousand() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
        SplittableRandom random = new SplittableRandom(10);
        Tensor[] tables = tables(random);
        BernoulliObservations thousand = sequence(random, 1_000);
        BernoulliObservations million = sequence(random, 1_000_000);
        allocatedBy(thousand, tables, threads);   // the first call loads classes and links call sites
        long small = allocatedBy(thousand, tables, threads);
        long large = allocatedBy(million, tables, threads);
        // What the factor and the call allocate is O(K D): the tables' copies and prepared forms (~50 KB) and the
        // forward accumulator.
        assertTrue(large <= 256 * 1024, "10^6 steps allocated " + large + " bytes");
        // Equal up to incidental allocation (a resized buffer in the JIT-compiled or interpreted path): 16 KB is
        // less than the evidence of 128 steps.
        assertTrue(Math.abs(large - small) <= 16 * 1024, "10^3 steps: " + small + " bytes, 10^6 steps: " + large);
    }

    /** The bytes allocated by making the factor over the prepared data and taking the log-likelihood. */
    private static long allocatedBy(BernoulliObservations data, Tensor[] tables,
                                    com.sun.management.ThreadMXBean threads) {
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        BernoulliChainFactor factor = new BernoulliChainFactor(List.of(data), K);
        double value = factor.logMarginal(tables[0], tables[1], tables[2], tables[3], new int[] {0}, 1.0).item();
        long after = threads.getThreadAllocatedBytes(thread);
        assertTrue(value < 0 && value > Double.NEGATIVE_INFINITY, "log-likelihood " + value);
        return after - before;
    }

    /** One sequence of {@code steps} steps, each sounding one of 32 random chords of 2 to 6 tones. */
    private static BernoulliObservations sequence(SplittableRandom random, int steps) {
        int[][] chords = new int[32][];
        for (int c = 0; c < chords.length; c++) {
            chords[c] = random.ints(0, D).distinct().limit(2 + random.nextInt(5)).toArray();
        }
        int[][] onTones = new int[steps][];
        for (int t = 0; t < steps; t++) {
            onTones[t] = chords[random.nextInt(chords.length)];
        }
        return BernoulliObservations.ofOnTones(onTones, D);
    }

    /** Constant log tables: sticky transitions, emission probabilities in [0.05, 0.5]. */
    private static Tensor[] tables(SplittableRandom random) {
        double[][] trans = new double[K][K];
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                trans[i][j] = Math.log((i == j ? 0.5 : 0.0) + 0.5 / K);
            }
        }
        double[] p = random.doubles(K * D, 0.05, 0.5).toArray();
        Tensor probs = Tensor.of(p, K, D);
        return new Tensor[] {Tensor.full(-Math.log(K), K), Tensor.matrix(trans), probs.log(), probs.neg().log1p()};
    }
}
