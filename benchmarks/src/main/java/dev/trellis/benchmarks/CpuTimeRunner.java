package dev.trellis.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The JMH benchmarks' operations timed by the CPU time of the running thread as well as by the wall clock: on a
 * machine shared with other jobs, JMH's wall-clock averages include the time the thread waited for a core, while
 * the thread's CPU time (minimum and median over many runs) stays close to what one idle core would take. It also
 * reports the bytes the thread allocates per operation (median), the whole process's CPU time per operation (the mean
 * over the measured runs: with the collector's and the compiler's threads, as Python's {@code time.process_time}
 * counts Pyro's), and, where a case has a unit of work (such as T K^2 for an HMM's forward pass), the median CPU time
 * per unit in nanoseconds.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.trellis.benchmarks.CpuTimeRunner [seconds per
 * case [regular expression found in the names of the cases to run]]}; only the chosen cases are set up. Each case
 * runs for the given seconds (at least three times) after a warm-up of as long (at least twice).
 */
public final class CpuTimeRunner {

    private CpuTimeRunner() {
    }

    /** An operation, set up on demand, and its work in {@code unit}s per run (0 when it has none). */
    private record Case(String name, Callable<DoubleSupplier> setUp, Callable<Double> work, String unit) {
        static Case of(String name, Callable<DoubleSupplier> setUp) {
            return new Case(name, setUp, () -> 0.0, "");
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
        Pattern only = Pattern.compile(args.length > 1 ? args[1] : "");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-44s %6s %11s %11s %11s %12s %13s %9s%n", "case", "runs", "cpu min ms", "cpu median",
                "wall median", "process mean", "alloc B/op", "ns/unit");
        for (Case c : cases()) {
            if (!only.matcher(c.name()).find()) {
                continue;
            }
            DoubleSupplier operation = c.setUp().call();
            run(operation, threads, seconds, 2);   // warm-up, discarded
            long processStart = process.getProcessCpuTime();
            double[][] times = run(operation, threads, seconds, 3);
            double[] cpu = times[0];
            // the process's clock ticks in 10 ms on Linux: a mean over seconds of runs, not a per-run figure
            double processMean = (process.getProcessCpuTime() - processStart) / 1e6 / cpu.length;
            double work = c.work().call();
            String perUnit = work > 0 ? String.format("%.2f %s", cpu[cpu.length / 2] * 1e6 / work, c.unit()) : "";
            System.out.printf("%-44s %6d %11.3f %11.3f %11.3f %12.3f %13.0f %9s%n", c.name(), cpu.length, cpu[0],
                    cpu[cpu.length / 2], times[1][cpu.length / 2], processMean, times[2][cpu.length / 2], perUnit);
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String batch : new String[] {"all", "8"}) {
            cases.add(Case.of("hmm SVI step, batch " + batch, () -> {
                HmmSviBenchmark svi = new HmmSviBenchmark();
                svi.batch = batch;
                svi.setUp();
                return svi::step;
            }));
        }
        cases.add(Case.of("hmm2 SVI step, batch 8", () -> {
            Hmm2SviBenchmark svi = new Hmm2SviBenchmark();
            svi.batch = "8";
            svi.setUp();
            return svi::step;
        }));
        cases.add(Case.of("nnHMM SVI step, batch 8", () -> {
            NnHmmSviBenchmark nnhmm = new NnHmmSviBenchmark();
            nnhmm.setUp();
            return nnhmm::step;
        }));
        for (String products : new String[] {"double", "single"}) {
            cases.add(new Case("dmm.py SVI step, batch 20, " + products, () -> {
                DmmJsbStepBenchmark dmm = new DmmJsbStepBenchmark();
                dmm.products = products;
                dmm.setUp();
                return dmm::step;
            }, () -> new DmmJsbStepBenchmark().timeSteps(), "step"));
        }
        for (double scale : new double[] {0.3, 3}) {
            Callable<GaussianHmmBenchmark> setUp = once(() -> {
                GaussianHmmBenchmark gaussian = new GaussianHmmBenchmark();
                gaussian.states = 16;
                gaussian.length = 100_000;
                gaussian.scale = scale;
                gaussian.setUp();
                return gaussian;
            });
            Callable<Double> work = () -> setUp.call().work();
            String name = "gaussian K=16 T=1e5 s=" + scale + " ";
            cases.add(new Case(name + "likelihood", () -> setUp.call()::likelihood, work, "TK2"));
            cases.add(new Case(name + "marginals", () -> setUp.call()::marginals, work, "TK2"));
            cases.add(new Case(name + "viterbi", () -> setUp.call()::viterbi, work, "TK2"));
            cases.add(new Case(name + "gradient (program)", () -> setUp.call()::gradient, work, "TK2"));
        }
        for (int states : new int[] {2, 4}) {
            for (double noise : new double[] {20, 200}) {
                Callable<FactorialHmmBenchmark> setUp = once(() -> {
                    FactorialHmmBenchmark factorial = new FactorialHmmBenchmark();
                    factorial.states = states;
                    factorial.length = 100_000;
                    factorial.noise = noise;
                    factorial.setUp();
                    return factorial;
                });
                Callable<Double> work = () -> setUp.call().work();
                String name = "factorial 3x" + states + " T=1e5 noise=" + (int) noise + " ";
                cases.add(new Case(name + "likelihood", () -> setUp.call()::likelihood, work, "madd"));
                cases.add(new Case(name + "marginals", () -> setUp.call()::marginals, work, "madd"));
                cases.add(new Case(name + "viterbi", () -> setUp.call()::viterbi, work, "madd"));
            }
        }
        addDiscrete(cases, 16, 10_000, "1e4", false);
        for (int states : new int[] {2, 16, 64, 256}) {
            addDiscrete(cases, states, 100_000, "1e5", true);
        }
        addDiscrete(cases, 16, 1_000_000, "1e6", false);
        return cases;
    }

    /** The categorical HMM's forward pass (and, when {@code all}, forward-backward and Viterbi) at K and T. */
    private static void addDiscrete(List<Case> cases, int states, int length, String lengthName, boolean all) {
        Callable<DiscreteHmmBenchmark> setUp = once(() -> {
            DiscreteHmmBenchmark discrete = new DiscreteHmmBenchmark();
            discrete.states = states;
            discrete.length = length;
            discrete.setUp();
            return discrete;
        });
        Callable<Double> work = () -> setUp.call().work();
        String name = "categorical K=" + states + " T=" + lengthName + " ";
        cases.add(new Case(name + "forward", () -> setUp.call()::forward, work, "TK2"));
        if (all) {
            cases.add(new Case(name + "forward-backward", () -> setUp.call()::forwardBackward, work, "TK2"));
            cases.add(new Case(name + "viterbi", () -> setUp.call()::viterbi, work, "TK2"));
        }
    }

    /** {@return a set-up that runs once, on first use, and then hands out the same benchmark state} */
    private static <T> Callable<T> once(Callable<T> setUp) {
        List<T> made = new ArrayList<>(1);
        return () -> {
            if (made.isEmpty()) {
                made.add(setUp.call());
            }
            return made.get(0);
        };
    }

    /**
     * Runs the operation for about {@code seconds} of wall time, at least {@code minRuns} times; returns the sorted
     * CPU and wall times in ms and the sorted bytes allocated per run.
     */
    private static double[][] run(DoubleSupplier operation, com.sun.management.ThreadMXBean threads, double seconds,
            int minRuns) {
        double[] cpu = new double[1 << 16];
        double[] wall = new double[cpu.length];
        double[] bytes = new double[cpu.length];
        double sink = 0.0;
        int runs = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (runs < cpu.length && (System.nanoTime() < end || runs < minRuns)) {
            long bytesStart = threads.getCurrentThreadAllocatedBytes();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            sink += operation.getAsDouble();
            wall[runs] = (System.nanoTime() - wallStart) / 1e6;
            cpu[runs] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            bytes[runs] = threads.getCurrentThreadAllocatedBytes() - bytesStart;
            runs++;
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN result)");
        }
        double[][] sorted = {Arrays.copyOf(cpu, runs), Arrays.copyOf(wall, runs), Arrays.copyOf(bytes, runs)};
        for (double[] values : sorted) {
            Arrays.sort(values);
        }
        return sorted;
    }
}
