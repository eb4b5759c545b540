package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A likelihood-only scan pulls evidence rows block by block into one buffer. The bytes that doing so allocates,
 * counted by the JVM's per-thread allocation counter, do not depend on the number of instances: nothing at all per
 * row for the table kinds (sparse Bernoulli, Categorical lookup, autoregressive Bernoulli), whose whole stream over
 * 10^6 steps allocates what one over 10^3 does; and one block's worth for the dense kind, the same block of 1024
 * rows costing the same out of 10^3 or 10^6 steps. (Binding the data and making the evidence are O(data) and not
 * counted: the data is the caller's.) Keeping the rows of 10^6 steps would take 128 MB.
 */
class StreamedFillMemoryTest {

    private static final int CELLS = 16;
    private static final int TONES = 8;
    private static final int BLOCK = 1024;
    private static final DataLevels TONES_LEVELS = DataLevels.of("y").plate("sequences").plate("time")
            .folded("tones").build();
    private static final DataLevels STEPS_LEVELS = DataLevels.of("y").plate("sequences").plate("time").build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {CELLS});

    private static ThreadMXBean threads;

    @BeforeAll
    static void allocationCounter() {
        threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
    }

    @Test
    void sparseBernoulliRowsStreamWithoutAllocating() {
        double[] p = new SplittableRandom(1).doubles(CELLS * TONES, 0.05, 0.5).toArray();
        assertStreamsInConstantMemory(steps -> BernoulliEvidence.of(TONES_LEVELS.bind(List.of(tones(steps))), X,
                (v, a) -> Bernoulli.of(Tensor.of(p, CELLS, TONES).select(0, a[0]))));
    }

    @Test
    void autoregressiveBernoulliRowsStreamWithoutAllocating() {
        Tensor logits = Tensor.of(new SplittableRandom(2).doubles(CELLS * TONES, -2, 2).toArray(), CELLS, TONES);
        assertStreamsInConstantMemory(steps -> AutoregressiveBernoulliEvidence.of(TONES_LEVELS.bind(
                List.of(tones(steps))), X, 0, (v, a, previous) -> Bernoulli.ofLogits(logits.select(0, a[0])
                        .add(previous))));
    }

    @Test
    void categoricalLookupsStreamWithoutAllocating() {
        Tensor logits = Tensor.of(new SplittableRandom(3).doubles(CELLS * 5, -2, 2).toArray(), CELLS, 5);
        assertStreamsInConstantMemory(steps -> CategoricalEvidence.of(STEPS_LEVELS.bind(List.of(categories(steps))),
                X, (v, a) -> Categorical.ofLogits(logits.select(0, a[0]))));
    }

    @Test
    void aDenseBlockCostsTheSameOutOfAThousandStepsAsOutOfAMillion() {
        Tensor loc = Tensor.of(new SplittableRandom(4).doubles(CELLS, -1, 1).toArray(), CELLS);
        Function<Integer, Evidence> make = steps -> DenseEvidence.of(STEPS_LEVELS.bind(List.of(
                Tensor.of(new SplittableRandom(5).doubles(steps, -2, 2).toArray(), steps))), X,
                (v, a) -> Normal.of(loc.select(0, a[0]), Tensor.scalar(1.0)));
        Evidence small = make.apply(BLOCK + 10);
        Evidence large = make.apply(1_000_000);
        double[] buffer = new double[BLOCK * CELLS];
        for (int warm = 0; warm < 10; warm++) {
            small.fill(0, BLOCK, buffer, 0);
            large.fill(0, BLOCK, buffer, 0);
        }
        long fromSmall = allocated(() -> small.fill(0, BLOCK, buffer, 0));
        long fromLarge = allocated(() -> large.fill(500_000, 500_000 + BLOCK, buffer, 0));
        // One block: a copy of its rows, and per cell the log-density's intermediate tensors and their sums (~1.3 MB
        // for 16 cells), never the 128 MB of every row.
        assertTrue(fromLarge <= 2 * 1024 * 1024, "a block of 10^6 steps allocated " + fromLarge + " bytes");
        assertTrue(Math.abs(fromLarge - fromSmall) <= 16 * 1024, "the same block allocated " + fromSmall
                + " bytes out of 10^3 steps and " + fromLarge + " out of 10^6");
    }

    private static void assertStreamsInConstantMemory(Function<Integer, Evidence> make) {
        Evidence thousand = make.apply(1_000);
        Evidence million = make.apply(1_000_000);
        double[] buffer = new double[BLOCK * CELLS];
        stream(thousand, buffer);   // loads classes, links call sites
        stream(million, buffer);
        long small = allocated(() -> stream(thousand, buffer));
        long large = allocated(() -> stream(million, buffer));
        assertTrue(large <= 16 * 1024, "streaming 10^6 steps allocated " + large + " bytes");
        assertTrue(Math.abs(large - small) <= 16 * 1024, "10^3 steps: " + small + " bytes, 10^6 steps: " + large);
    }

    /** Every row, block by block, into one buffer; returns a sum so the work is not optimised away. */
    private static double stream(Evidence evidence, double[] buffer) {
        double sum = 0;
        for (int from = 0; from < evidence.instances(); from += BLOCK) {
            int to = Math.min(evidence.instances(), from + BLOCK);
            evidence.fill(from, to, buffer, 0);
            sum += buffer[0];
        }
        assertTrue(sum < 0, "log-likelihoods are negative");
        return sum;
    }

    private static long allocated(Runnable work) {
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        work.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    /** One sequence of 0/1 rows over the tones, about a quarter of them on. */
    private static Tensor tones(int steps) {
        SplittableRandom random = new SplittableRandom(steps);
        double[] values = new double[steps * TONES];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.25 ? 1 : 0;
        }
        return Tensor.of(values, steps, TONES);
    }

    private static Tensor categories(int steps) {
        return Tensor.of(new SplittableRandom(steps).ints(steps, 0, 5).asDoubleStream().toArray(), steps);
    }
}
