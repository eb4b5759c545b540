package dev.trellis.benchmarks;

import dev.trellis.benchmarks.models.FactorialHmm;
import dev.trellis.benchmarks.models.FactorialHmmInference;
import dev.trellis.runtime.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three-chain factorial HMM {@link FactorialHmm} (K states per chain, a Normal reading of the sum of the chains'
 * levels, one sequence of T steps) through the generated {@code FactorialHmmInference}: K = 2 is energy
 * disaggregation with three on/off appliances. The plan scans the three chains together, eliminating one previous
 * state at a time: {@code 3 K^4 + K^3} multiply-adds per step, where the joint chain would cost {@code K^6}. The
 * readings are simulated from the model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FactorialHmmBenchmark {

    @Param({"2", "4"})
    public int states;

    @Param({"100000"})
    public int length;

    /** The reading's scale (see {@link FactorialHmm#FactorialHmm}): 20 separated, 200 overlapping. */
    @Param({"20", "200"})
    public double noise;

    private FactorialHmmInference inference;
    private double[] meter;

    @Setup
    public void setUp() {
        inference = new FactorialHmmInference(new FactorialHmm(states, noise, 5));
        meter = inference.simulate(length, Rng.seeded(3)).meter();
    }

    /** {@return T (3 K^4 + K^3): the multiply-adds of one forward pass of the plan} */
    double work() {
        double k = states;
        return length * (3 * k * k * k * k + k * k * k);
    }

    @Benchmark
    public double likelihood() {
        return inference.logLikelihood(meter);
    }

    @Benchmark
    public double marginals() {
        double[][] marginals = inference.marginals(meter).a();
        return marginals[marginals.length - 1][0];
    }

    @Benchmark
    public double viterbi() {
        return inference.viterbi(meter).logJoint();
    }
}
