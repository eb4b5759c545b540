package dev.trellis.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The JMH benchmarks' operations timed by the CPU time of the running thread as well as by the wall clock: on a
 * machine shared with other jobs, JMH's wall-clock averages include the time the thread waited for a core, while
 * the thread's CPU time (minimum and median over many runs) stays close to what one idle core would take. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.trellis.benchmarks.CpuTimeRunner [seconds per case
 * [part of the case names to run]]}.
 */
public final class CpuTimeRunner {

    private CpuTimeRunner() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
        String only = args.length > 1 ? args[1] : "";
        Map<String, DoubleSupplier> cases = new LinkedHashMap<>();
        for (String batch : new String[] {"all", "8"}) {
            HmmSviBenchmark svi = new HmmSviBenchmark();
            svi.batch = batch;
            svi.setUp();
            cases.put("SVI step, batch " + batch, svi::step);
        }
        NnHmmSviBenchmark nnhmm = new NnHmmSviBenchmark();
        nnhmm.setUp();
        cases.put("nnHMM SVI step, batch 8", nnhmm::step);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-32s %8s %12s %12s %12s%n", "case", "runs", "cpu min ms", "cpu median", "wall median");
        for (Map.Entry<String, DoubleSupplier> entry : cases.entrySet()) {
            if (!entry.getKey().contains(only)) {
                continue;
            }
            DoubleSupplier operation = entry.getValue();
            run(operation, threads, seconds);   // warm-up, discarded
            double[][] times = run(operation, threads, seconds);
            double[] cpu = times[0];
            double[] wall = times[1];
            System.out.printf("%-32s %8d %12.3f %12.3f %12.3f%n", entry.getKey(), cpu.length, cpu[0],
                    cpu[cpu.length / 2], wall[wall.length / 2]);
        }
    }

    /** Runs the operation for about {@code seconds} of wall time; returns sorted CPU and wall times in ms. */
    private static double[][] run(DoubleSupplier operation, ThreadMXBean threads, double seconds) {
        double[] cpu = new double[1 << 16];
        double[] wall = new double[cpu.length];
        double sink = 0.0;
        int runs = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (runs < cpu.length && (System.nanoTime() < end || runs < 5)) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            sink += operation.getAsDouble();
            wall[runs] = (System.nanoTime() - wallStart) / 1e6;
            cpu[runs] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            runs++;
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN result)");
        }
        double[] cpuRuns = Arrays.copyOf(cpu, runs);
        double[] wallRuns = Arrays.copyOf(wall, runs);
        Arrays.sort(cpuRuns);
        Arrays.sort(wallRuns);
        return new double[][] {cpuRuns, wallRuns};
    }
}
