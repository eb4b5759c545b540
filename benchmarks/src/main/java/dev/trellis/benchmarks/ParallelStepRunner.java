package dev.trellis.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.parallel.BlockEvaluator;
import dev.trellis.runtime.parallel.BlockGradient;
import dev.trellis.runtime.parallel.ExactSums;
import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.HmmProgram;
import dev.trellis.spark.SparkClusters;
import dev.trellis.spark.SparkMemberEvaluation;
import dev.trellis.spark.StepTimings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data-parallel SVI step of hmm.py's model_1 (the generated {@link HmmProgram}, AutoDelta, Adam), timed on threads
 * and on Spark in local mode.
 *
 * <p>{@code threads}: the whole-split step (229 chorales in blocks of at most 32, 16 and 64) and the batch-8 step on 1,
 * 2 and 4 threads,
 * in interleaved rounds (1, 2, 4, 1, 2, 4, ...) so that a change in the shared machine's load hits every thread count
 * alike; per step the wall time, the CPU time of the calling thread and the member workers added up, and the CPU
 * critical path (the calling thread's serial part — its CPU outside the member evaluation — plus the longer of its
 * CPU inside it, where it evaluates blocks too, and the busiest pool thread's: the wall time if every thread had a
 * core of its own), medians over the rounds. Also the default one-thread evaluation
 * ({@link MemberEvaluation#whole()}: one elimination over the step's members), the target that threads must beat.
 *
 * <p>{@code spark}: the same steps on {@code local[1]}, {@code local[2]} and {@code local[4]}, with each step split as
 * {@link StepTimings} measures it: the broadcast, the slowest partition's compute, the merges, the rest of the job
 * (scheduling, shipping tasks and results), and the driver's own part (guide, priors, tape, Adam). Needs Spark on the
 * class path and its JVM flags (RESULTS.md).
 *
 * <p>{@code blocks}: the blocks of the whole split timed one by one ({@code blocks seconds blockSize}), and how they
 * would share out over workers.
 *
 * <p>{@code one}: a single case of the whole split for a profiler, {@code one seconds threads blockSize} (threads 0:
 * the whole step).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trellis.benchmarks.ParallelStepRunner threads|spark
 * [seconds per case per round] [rounds]}
 */
public final class ParallelStepRunner {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ParallelStepRunner() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "threads";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        JsbTrainingData data = JsbTrainingData.load();
        System.out.println(data.summary());
        System.out.printf("load average before: %s%n", loadAverage());
        if (what.equals("spark")) {
            spark(data, seconds, rounds);
        } else if (what.equals("blocks")) {
            blocks(data, seconds, args.length > 2 ? Integer.parseInt(args[2]) : 32);
        } else if (what.equals("one")) {
            one(data, seconds, rounds, args.length > 3 ? Integer.parseInt(args[3]) : 32);
        } else {
            threads(data, seconds, rounds);
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static void threads(JsbTrainingData data, double seconds, int rounds) {
        String[] names = {"1 thread, blocks of 32", "2 threads, blocks of 32", "4 threads, blocks of 32",
            "1 thread, blocks of 16", "2 threads, blocks of 16", "1 thread, blocks of 64", "2 threads, blocks of 64",
            "whole (default, 1 thread)"};
        for (String batch : new String[] {"all", "8"}) {
            Step[] steps = {
                new Step(data, batch, MemberEvaluation.onThreads(1).withBlockSize(32)),
                new Step(data, batch, MemberEvaluation.onThreads(2).withBlockSize(32)),
                new Step(data, batch, MemberEvaluation.onThreads(4).withBlockSize(32)),
                new Step(data, batch, MemberEvaluation.onThreads(1).withBlockSize(16)),
                new Step(data, batch, MemberEvaluation.onThreads(2).withBlockSize(16)),
                new Step(data, batch, MemberEvaluation.onThreads(1).withBlockSize(64)),
                new Step(data, batch, MemberEvaluation.onThreads(2).withBlockSize(64)),
                new Step(data, batch, MemberEvaluation.whole()),
            };
            List<List<double[]>> samples = new ArrayList<>();
            for (Step step : steps) {
                step.time(seconds);   // warm-up
                samples.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < steps.length; i++) {
                    samples.get(i).addAll(steps[i].time(seconds));
                }
            }
            System.out.printf("%nbatch %s (ms per step)%n%-28s %6s %10s %10s %10s %10s %10s %10s %10s %10s%n",
                    batch, "case", "steps", "wall med", "wall min", "cpu med", "cpu min", "path med", "path min",
                    "caller med", "serial med");
            for (int i = 0; i < steps.length; i++) {
                double[] wall = column(samples.get(i), 0);
                double[] cpu = column(samples.get(i), 1);
                double[] path = column(samples.get(i), 2);
                double[] caller = column(samples.get(i), 3);
                double[] serial = column(samples.get(i), 4);
                System.out.printf("%-28s %6d %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n", names[i],
                        wall.length, median(wall), wall[0], median(cpu), cpu[0], median(path), path[0],
                        median(caller), median(serial));
            }
        }
    }

    /**
     * One case of the whole split, for a profiler: {@code threads} threads (0: {@link MemberEvaluation#whole()}) with
     * blocks of at most {@code blockSize}, for {@code seconds} after as long a warm-up.
     */
    private static void one(JsbTrainingData data, double seconds, int threads, int blockSize) {
        MemberEvaluation evaluation = threads == 0 ? MemberEvaluation.whole()
                : MemberEvaluation.onThreads(threads).withBlockSize(blockSize);
        Step step = new Step(data, "all", evaluation);
        step.time(seconds);   // warm-up
        List<double[]> samples = step.time(seconds);
        System.out.printf("%s: %d steps; ms per step, median (min): wall %.3f (%.3f), cpu %.3f (%.3f), "
                + "path %.3f (%.3f), calling thread %.3f (%.3f), its serial part %.3f (%.3f)%n", evaluation,
                samples.size(), median(column(samples, 0)), column(samples, 0)[0], median(column(samples, 1)),
                column(samples, 1)[0], median(column(samples, 2)), column(samples, 2)[0], median(column(samples, 3)),
                column(samples, 3)[0], median(column(samples, 4)), column(samples, 4)[0]);
        evaluation.close();
    }

    /**
     * The blocks of the whole split one by one on this thread, for a measure of how they share out that the machine's
     * load does not decide: per block its median CPU time (evaluation, and adding its vector to exact sums), against
     * one block of every member, and the time two and four workers taking the blocks in order would need with those
     * costs (each takes the next block when it is free, as {@code LocalMemberEvaluation} does).
     */
    private static void blocks(JsbTrainingData data, double seconds, int blockSize) {
        HmmProgram program = new HmmProgram(new Hmm(16, data.numTones), List.of(data.notes));
        HmmParameters init = HmmParameters.draw(16, data.numTones, 11);
        Tensor[] globals = {init.probsX, init.probsY};
        int[] all = java.util.stream.IntStream.range(0, program.memberCount()).toArray();
        StepTables tables = BlockEvaluator.tabulate(program, all, globals, true);
        List<int[]> blocks = MemberBlocks.split(all, blockSize, all.length);
        int length = BlockGradient.length(tables, globals);
        List<List<Double>> costs = new ArrayList<>();
        for (int b = 0; b <= blocks.size(); b++) {
            costs.add(new ArrayList<>());
        }
        List<Double> adding = new ArrayList<>();
        long end = System.nanoTime() + (long) (2 * seconds * 1e9);   // the first half is warm-up
        long measureFrom = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            boolean measure = System.nanoTime() > measureFrom;
            long start = THREADS.getCurrentThreadCpuTime();
            BlockEvaluator.evaluate(program, all, tables, globals, true);
            if (measure) {
                costs.get(blocks.size()).add((THREADS.getCurrentThreadCpuTime() - start) / 1e6);
            }
            ExactSums sums = new ExactSums(length);
            double added = 0;
            for (int b = 0; b < blocks.size(); b++) {
                start = THREADS.getCurrentThreadCpuTime();
                double[] vector = BlockEvaluator.evaluate(program, blocks.get(b), tables, globals, true);
                long evaluated = THREADS.getCurrentThreadCpuTime();
                sums.add(0, vector);
                added += (THREADS.getCurrentThreadCpuTime() - evaluated) / 1e6;
                if (measure) {
                    costs.get(b).add((evaluated - start) / 1e6);
                }
            }
            if (measure) {
                adding.add(added);
            }
        }
        double[] block = new double[blocks.size()];
        double sum = 0;
        for (int b = 0; b < blocks.size(); b++) {
            block[b] = median(costs.get(b).stream().mapToDouble(Double::doubleValue).sorted().toArray());
            sum += block[b];
        }
        double whole = median(costs.get(blocks.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray());
        double add = median(adding.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        System.out.printf("blocks of at most %d: %d blocks, %d evaluations each; median CPU ms per block:%n  %s%n",
                blockSize, blocks.size(), costs.get(0).size(), Arrays.toString(Arrays.stream(block)
                        .mapToObj(c -> String.format("%.3f", c)).toArray()));
        System.out.printf("  one block of all %d members %.3f; the blocks %.3f (%+.1f%%), adding their vectors %.3f%n",
                all.length, whole, sum, 100 * (sum / whole - 1), add);
        for (int workers : new int[] {2, 4}) {
            double[] busy = new double[workers];
            for (double cost : block) {   // the next block goes to the worker free first
                int free = 0;
                for (int w = 1; w < workers; w++) {
                    free = busy[w] < busy[free] ? w : free;
                }
                busy[free] += cost + add / block.length;
            }
            double busiest = Arrays.stream(busy).max().orElse(0);
            System.out.printf("  %d workers: the busiest %.3f ms (%.1f%% of the blocks and their adding)%n", workers,
                    busiest, 100 * busiest / (sum + add));
        }
    }

    private static void spark(JsbTrainingData data, double seconds, int rounds) {
        for (int threads : new int[] {1, 2, 4}) {
            String master = "local[" + threads + "]";
            JavaSparkContext context = SparkClusters.start(master, "trellis-benchmark");
            int tones = data.numTones;
            MemberProgramFactory<double[][]> factory = sequences -> new HmmProgram(new Hmm(16, tones), sequences);
            try (SparkMemberEvaluation evaluation = SparkMemberEvaluation.create(context, List.of(data.notes), factory,
                    MemberBlocks.DEFAULT_SIZE, context.defaultParallelism(), false)) {
                for (String batch : new String[] {"all", "8"}) {
                    Step step = new Step(data, batch, evaluation, times -> sparkRow(evaluation, times));
                    step.time(seconds);   // warm-up
                    List<double[]> samples = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        samples.addAll(step.time(seconds));
                    }
                    System.out.printf("%n%s, batch %s: %d steps, %d partitions; medians in ms%n", master, batch,
                            samples.size(), evaluation.partitions());
                    String[] parts = {"step (wall)", "driver: guide, priors, tape, Adam", "broadcast",
                        "job (submit to reduced sums)", "  slowest partition's compute", "  all partitions' compute",
                        "  merges", "  rest: scheduling, shipping", "  slowest partition's compute, CPU",
                        "  all partitions' compute, CPU"};
                    for (int p = 0; p < parts.length; p++) {
                        System.out.printf("  %-36s %10.3f%n", parts[p], median(column(samples, p + 2)));
                    }
                }
            } finally {
                context.stop();
            }
        }
    }

    /** One configuration's SVI step, from the same initial parameters every time. */
    private static final class Step {
        private final Svi training;
        private final Rng rng = Rng.seeded(0);
        private final ParamStore store = new ParamStore();
        private final Map<String, ParamStore.Entry> initial;
        /** On Spark: the step's row of timings from its wall and CPU times (so threads never load Spark's classes). */
        private final java.util.function.@org.jspecify.annotations.Nullable UnaryOperator<double[]> sparkRow;
        /** On threads: the evaluation, timing the calling thread's part in it. */
        private @org.jspecify.annotations.Nullable TimedEvaluation timed;

        Step(JsbTrainingData data, String batch, MemberEvaluation evaluation) {
            this(data, batch, evaluation, null);
        }

        Step(JsbTrainingData data, String batch, MemberEvaluation evaluation,
                java.util.function.@org.jspecify.annotations.Nullable UnaryOperator<double[]> sparkRow) {
            this.sparkRow = sparkRow;
            MemberProgram model = new HmmProgram(new Hmm(16, data.numTones), List.of(data.notes));
            model.setMemberEvaluation(sparkRow == null ? timed = new TimedEvaluation(evaluation) : evaluation);
            HmmParameters init = HmmParameters.draw(16, data.numTones, 11);
            AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                    .withInit(InitStrategy.values(Map.of("probs_x", init.probsX, "probs_y", init.probsY)));
            TraceElbo elbo = batch.equals("all") ? new TraceElbo()
                    : new TraceElbo().withSubsample("sequences", Integer.parseInt(batch));
            training = new Svi(model, guide, Adam.withLearningRate(0.05), elbo, store);
            training.step(rng);
            initial = store.snapshot();
        }

        /**
         * Steps for about {@code seconds}; per step {wall, CPU of the calling thread and the workers, CPU critical
         * path, CPU of the calling thread, the calling thread's serial part (its CPU outside the member evaluation)}
         * in ms and, on Spark, {wall, driver, broadcast, job, max compute, all
         * compute, merges, rest} in ms.
         */
        List<double[]> time(double seconds) {
            List<double[]> samples = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end || samples.size() < 3) {
                store.restore(initial);
                long inSumBefore = timed == null ? 0 : timed.callerNanos;
                Map<Long, Long> before = threadCpu(true);
                long start = System.nanoTime();
                training.step(rng);
                double wall = (System.nanoTime() - start) / 1e6;
                Map<Long, Long> after = threadCpu(false);
                double cpuMs = totalCpu(before, after);
                double path = criticalPath(before, after, timed == null ? 0 : timed.callerNanos - inSumBefore);
                if (sparkRow != null) {
                    samples.add(sparkRow.apply(new double[] {wall, cpuMs}));
                } else {
                    long self = Thread.currentThread().getId();
                    double caller = (after.get(self) - before.get(self)) / 1e6;
                    double inSum = timed == null ? 0 : (timed.callerNanos - inSumBefore) / 1e6;
                    samples.add(new double[] {wall, cpuMs, path, caller, caller - inSum});
                }
            }
            return samples;
        }
    }

    /** {wall, cpu, wall, driver, broadcast, job, max compute, all compute, merges, rest, max CPU, all CPU} in ms. */
    private static double[] sparkRow(SparkMemberEvaluation evaluation, double[] times) {
        StepTimings t = evaluation.lastStep();
        double wall = times[0];
        double broadcast = t.broadcastNanos() / 1e6;
        double job = t.jobNanos() / 1e6;
        return new double[] {wall, times[1], wall, wall - broadcast - job, broadcast, job, t.maxComputeNanos() / 1e6,
            t.totalComputeNanos() / 1e6, t.mergeNanos() / 1e6, t.overheadNanos() / 1e6, t.maxComputeCpuNanos() / 1e6,
            t.totalComputeCpuNanos() / 1e6};
    }

    /** CPU nanoseconds of the calling thread and of the member workers, by thread id. */
    /**
     * The CPU times of the calling thread and the member workers. Finding the workers ({@code getAllStackTraces}) costs
     * the calling thread a fraction of a millisecond, so its own time is read after that before a step
     * ({@code before}) and before it after the step: the step's CPU time does not include the measuring.
     */
    private static Map<Long, Long> threadCpu(boolean before) {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        long self = Thread.currentThread().getId();
        if (!before) {
            cpu.put(self, THREADS.getCurrentThreadCpuTime());
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("trellis-members-")) {
                cpu.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        if (before) {
            cpu.put(self, THREADS.getCurrentThreadCpuTime());
        }
        return cpu;
    }

    /** The CPU time the calling thread and the member workers spent in the step, added up, in ms. */
    private static double totalCpu(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> entry : after.entrySet()) {
            total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
        }
        return total / 1e6;
    }

    /**
     * The step's CPU critical path in ms: the calling thread's CPU time outside the member evaluation (its serial
     * part: guide, priors, tabulation, tape, Adam) plus the longer of its CPU time inside the evaluation (its own
     * blocks, since it is one of the workers, and their adding) and the busiest pool worker's: the wall time the step
     * would take if every thread had a core of its own, whatever else the shared machine was running. (Main before
     * 2026-12-07 evaluated no blocks on the calling thread, which only waited and then merged the workers' sums; its
     * runner added the calling thread's whole time to the busiest worker's, which is that step's path.)
     *
     * @param inSum the calling thread's CPU nanoseconds inside {@code MemberEvaluation.sum}
     */
    private static double criticalPath(Map<Long, Long> before, Map<Long, Long> after, long inSum) {
        long self = Thread.currentThread().getId();
        long main = after.get(self) - before.get(self);
        long busiest = 0;
        for (Map.Entry<Long, Long> entry : after.entrySet()) {
            if (entry.getKey() != self) {
                busiest = Math.max(busiest, entry.getValue() - before.getOrDefault(entry.getKey(), 0L));
            }
        }
        return (main - inSum + Math.max(inSum, busiest)) / 1e6;
    }

    /** An evaluation that adds up the calling thread's CPU time inside {@link #sum}, for the critical path. */
    private static final class TimedEvaluation implements MemberEvaluation {
        private final MemberEvaluation inner;
        private long callerNanos;

        TimedEvaluation(MemberEvaluation inner) {
            this.inner = inner;
        }

        @Override
        public int blockSize() {
            return inner.blockSize();
        }

        @Override
        public int memberCount(MemberProgram program) {
            return inner.memberCount(program);
        }

        @Override
        public boolean isWhole() {
            return inner.isWhole();
        }

        @Override
        public ExactSums sum(MemberProgram program, int[] members, Tensor[] globals, StepTables tables,
                             boolean gradient) {
            long start = THREADS.getCurrentThreadCpuTime();
            try {
                return inner.sum(program, members, globals, tables, gradient);
            } finally {
                callerNanos += THREADS.getCurrentThreadCpuTime() - start;
            }
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] values = rows.stream().mapToDouble(r -> r[c]).toArray();
        Arrays.sort(values);
        return values;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.valueOf(OS.getSystemLoadAverage());
        }
    }
}
