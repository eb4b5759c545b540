package dev.trellis.benchmarks;

import dev.trellis.benchmarks.models.RandomTables;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.hmm.DiscreteHmm;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import java.util.SplittableRandom;
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
 * The exact queries of the samples' {@link DiscreteHmm} (K states, 16 symbols, one sequence of T steps) through the
 * generated {@link DiscreteHmmInference}, as pomegranate's and Pyro's figures in ANCHORS.md are measured: the
 * log-likelihood (forward), the posterior marginals (forward-backward) and the MAP path (Viterbi). Each call includes
 * binding the data and tabulating the tables. Tables are random (sticky transitions, Dirichlet emissions) from a fixed
 * seed; the symbols are simulated from the model itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiscreteHmmBenchmark {

    /** The number of observed symbols, as in ANCHORS.md. */
    static final int SYMBOLS = 16;

    @Param({"2", "16", "64", "256"})
    public int states;

    @Param({"100000"})
    public int length;

    private DiscreteHmmInference inference;
    private int[] symbols;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        DiscreteHmm model = new DiscreteHmm(Tensor.vector(RandomTables.dirichlet(random, states)),
                Tensor.matrix(RandomTables.sticky(random, states)),
                Tensor.matrix(RandomTables.dirichlet(random, states, SYMBOLS)));
        inference = new DiscreteHmmInference(model);
        symbols = inference.simulate(length, Rng.seeded(3)).symbol();
    }

    /** {@return T K^2: the multiply-adds of one forward pass, the unit of ANCHORS.md's table} */
    double work() {
        return (double) length * states * states;
    }

    /** {@return the observed symbols (for {@link LikelihoodMemory})} */
    int[] symbols() {
        return symbols;
    }

    @Benchmark
    public double forward() {
        return inference.logLikelihood(symbols);
    }

    @Benchmark
    public double forwardBackward() {
        double[][] marginals = inference.marginals(symbols).state();
        return marginals[marginals.length - 1][0];
    }

    @Benchmark
    public double viterbi() {
        return inference.viterbi(symbols).logJoint();
    }
}
