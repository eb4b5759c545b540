package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scans of a million steps: the log-likelihood stays finite and agrees with the reference kernels' log-space pass, and
 * the likelihood's memory does not grow with the sequence (its evidence is streamed in blocks).
 */
class LongScanTest {

    private static final int ROOT = Layout.ROOT;

    /** One sequence of a chain of the given history over K states, evidence hashed; returns log Z. */
    private static double chain(int steps, int k, int history, ScanKind kind, Kernels kernels, Query query) {
        Layout.Builder builder = Layout.builder();
        int time = builder.plate("time", ROOT);
        int variable = builder.variable("x", time);
        int[] x = new int[history + 1];
        for (int l = 0; l <= history; l++) {
            x[l] = builder.use(variable, l);
        }
        Layout layout = builder.build();
        PlateInstances instances = PlateInstances.builder(layout).top(time, steps).build();
        return run(layout, instances, x, k, kind, kernels, query, new SplittableRandom(history * 31L + k));
    }

    private static double run(Layout layout, PlateInstances instances, int[] x, int k, ScanKind kind, Kernels kernels,
                              Query query, SplittableRandom random) {
        int history = x.length - 1;
        Elimination e = new Elimination(layout, query, instances, kernels, null);
        e.bindDomain(0, k);
        int[] inputs = new int[history + 2];
        for (int j = 0; j < history; j++) {
            int[] axes = new int[j + 1];
            System.arraycopy(x, 0, axes, 0, j + 1);
            inputs[j] = e.table("x@" + j, randomLogs(random, (int) Math.pow(k, j + 1)), axes);
        }
        inputs[history] = e.table("x", randomLogs(random, (int) Math.pow(k, history + 1)), x);
        inputs[history + 1] = e.evidence(new HashedEvidence("y", instances.count(0), k, 7), 0, x[0]);
        return e.result(e.scan(0, ChainPlans.chainSpec(0, x, kind), inputs));
    }

    private static double[] randomLogs(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.log(0.05 + random.nextDouble());
        }
        return out;
    }

    @Test
    void a_million_step_second_order_scan_stays_finite_and_matches_a_log_space_pass() {
        double fast = chain(1_000_000, 3, 2, ScanKind.GENERIC, FastKernels.INSTANCE, Query.LIKELIHOOD);
        double reference = chain(1_000_000, 3, 2, ScanKind.GENERIC, ReferenceKernels.INSTANCE, Query.LIKELIHOOD);
        assertTrue(fast > -1e7 && fast < -1e5, "log Z = " + fast);
        assertEquals(reference, fast, 1e-9 * Math.abs(reference));
    }

    @Test
    void a_million_step_first_order_scan_stays_finite_and_matches_a_log_space_pass() {
        double fast = chain(1_000_000, 4, 1, ScanKind.FIRST_ORDER, FastKernels.INSTANCE, Query.LIKELIHOOD);
        double reference = chain(1_000_000, 4, 1, ScanKind.FIRST_ORDER, ReferenceKernels.INSTANCE, Query.LIKELIHOOD);
        assertTrue(fast > -1e7 && fast < -1e5, "log Z = " + fast);
        assertEquals(reference, fast, 1e-9 * Math.abs(reference));
    }

    @Test
    void the_gradient_of_a_long_scan_matches_the_reference() {
        for (ScanKind kind : ScanKind.values()) {
            double fast = chain(100_000, 3, 1, kind, FastKernels.INSTANCE, Query.GRADIENT);
            double reference = chain(100_000, 3, 1, kind, ReferenceKernels.INSTANCE, Query.GRADIENT);
            assertEquals(reference, fast, 1e-9 * Math.abs(reference), kind.toString());
        }
    }

    @Test
    void the_likelihood_of_a_million_steps_allocates_no_more_than_that_of_a_thousand() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
        for (ScanKind kind : ScanKind.values()) {
            int history = kind == ScanKind.FIRST_ORDER ? 1 : 2;
            allocatedBy(1_000, kind, history, threads);   // loads classes, links call sites
            long small = allocatedBy(1_000, kind, history, threads);
            long large = allocatedBy(1_000_000, kind, history, threads);
            System.out.println(kind + " likelihood allocates " + small + " bytes for 10^3 steps, " + large
                    + " for 10^6");
            // Tables, compiled programs, one block of evidence rows and two steps per lane: tens of kilobytes. Keeping
            // the evidence would take 32 MB, the steps' results far more.
            assertTrue(large <= 256 * 1024, kind + ": 10^6 steps allocated " + large + " bytes");
            assertTrue(Math.abs(large - small) <= 16 * 1024, kind + ": 10^3 steps: " + small + " bytes, 10^6 steps: "
                    + large);
        }
    }

    private static long allocatedBy(int steps, ScanKind kind, int history,
                                    com.sun.management.ThreadMXBean threads) {
        Layout.Builder builder = Layout.builder();
        int time = builder.plate("time", ROOT);
        int variable = builder.variable("x", time);
        int[] x = new int[history + 1];
        for (int l = 0; l <= history; l++) {
            x[l] = builder.use(variable, l);
        }
        Layout layout = builder.build();
        PlateInstances instances = PlateInstances.builder(layout).top(time, steps).build();
        SplittableRandom random = new SplittableRandom(3);
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        double value = run(layout, instances, x, 4, kind, FastKernels.INSTANCE, Query.LIKELIHOOD, random);
        long after = threads.getThreadAllocatedBytes(thread);
        assertTrue(value < 0 && value > Double.NEGATIVE_INFINITY, "log Z = " + value);
        return after - before;
    }
}
