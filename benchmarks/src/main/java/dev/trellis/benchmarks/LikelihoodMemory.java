package dev.trellis.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.trellis.benchmarks.models.FactorialHmm;
import dev.trellis.benchmarks.models.FactorialHmmInference;
import dev.trellis.benchmarks.models.GaussianHmm;
import dev.trellis.benchmarks.models.GaussianHmmInference;
import dev.trellis.runtime.elimination.tables.DataLevels;
import dev.trellis.runtime.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * How the memory of a generated {@code logLikelihood} grows with the length T of the sequence: the bytes the calling
 * thread allocates per call (the JVM's per-thread counter; the minimum over a few calls after warm-up), for the
 * categorical HMM (K = 16), the Normal-emission HMM (K = 16, overlapping emissions) and the 3 x 2 factorial HMM, at
 * T = 10^4, 10^5 and 10^6, beside the bytes that binding the data alone allocates (the generated code flattens the
 * caller's array into the runtime's {@code ObservedData} on every call). What is left is the elimination's own: the
 * tables, the evidence's per-instance indices and one block of streamed rows. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.trellis.benchmarks.LikelihoodMemory}.
 *
 * <p>{@code LikelihoodMemory categorical T likelihood|marginals} instead runs one query of the categorical HMM once, to
 * be started with a small heap ({@code -Xmx48m}): the likelihood of 10^6 steps fits where the 2 T K doubles that
 * forward-backward keeps (256 MB) cannot.
 */
public final class LikelihoodMemory {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private LikelihoodMemory() {
    }

    public static void main(String[] args) {
        if (args.length == 3) {
            DiscreteHmmBenchmark one = new DiscreteHmmBenchmark();
            one.states = 16;
            one.length = Integer.parseInt(args[1]);
            one.setUp();
            double result = args[2].equals("marginals") ? one.forwardBackward() : one.forward();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("categorical K=16 T=%d %s = %s with -Xmx %d MB%n", one.length, args[2], result,
                    runtime.maxMemory() >> 20);
            return;
        }
        System.out.printf("%-28s %9s %14s %12s %14s %12s%n", "model", "T", "call B", "call B/step", "binding B",
                "rest B/step");
        DataLevels time = DataLevels.of("y").plate("time").build();
        for (int length : new int[] {10_000, 100_000, 1_000_000}) {
            DiscreteHmmBenchmark discrete = new DiscreteHmmBenchmark();
            discrete.states = 16;
            discrete.length = length;
            discrete.setUp();
            int[] symbols = discrete.symbols();
            report("categorical K=16", length, discrete::forward, () -> time.bind(symbols).instances());
        }
        for (int length : new int[] {10_000, 100_000, 1_000_000}) {
            GaussianHmmInference gaussian = new GaussianHmmInference(GaussianHmm.random(16, 3.0, 5));
            double[] y = gaussian.simulate(length, Rng.seeded(3)).y();
            report("normal K=16 s=3", length, () -> gaussian.logLikelihood(y), () -> time.bind(y).instances());
        }
        for (int length : new int[] {10_000, 100_000, 1_000_000}) {
            FactorialHmmInference factorial = new FactorialHmmInference(new FactorialHmm(2, 200, 5));
            double[] meter = factorial.simulate(length, Rng.seeded(3)).meter();
            report("factorial 3x2 noise=200", length, () -> factorial.logLikelihood(meter),
                    () -> time.bind(meter).instances());
        }
    }

    private static void report(String model, int length, DoubleSupplier call, DoubleSupplier binding) {
        long whole = minimumAllocated(call);
        long bound = minimumAllocated(binding);
        System.out.printf("%-28s %9d %14d %12.1f %14d %12.2f%n", model, length, whole, (double) whole / length, bound,
                (double) (whole - bound) / length);
    }

    private static long minimumAllocated(DoubleSupplier operation) {
        long least = Long.MAX_VALUE;
        double sink = 0.0;
        for (int run = 0; run < 6; run++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            sink += operation.getAsDouble();
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN result)");
        }
        return least;
    }
}
