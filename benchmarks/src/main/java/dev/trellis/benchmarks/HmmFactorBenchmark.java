package dev.trellis.benchmarks;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.inference.BernoulliChainFactor;
import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The chain factor of hmm.py model_1 on the whole JSB training split (229 sequences, 13,807 steps, K = 16, D = 51),
 * on one core: {@link #gradient} is {@code BernoulliChainFactor.logMarginal} with the four log tables as tape
 * leaves plus the backward pass to them (emissions, forward-backward, emission adjoints); {@link #likelihood} is the
 * same call on constant tables, which streams each sequence in O(K) memory. {@code batch = 8} scores a fixed
 * minibatch of 8 chorales instead of the whole split.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class HmmFactorBenchmark {

    @Param({"16"})
    public int numStates;

    /** {@code all}: the whole split; a number: that many sequences drawn once with a fixed seed (a minibatch). */
    @Param({"all", "8"})
    public String batch;

    private BernoulliChainFactor factor;
    private int[] members;
    private Tensor[] constants;
    private Tensor[] leaves;

    @Setup
    public void setUp() throws IOException {
        JsbTrainingData data = JsbTrainingData.load();
        System.out.println(data.summary());
        List<BernoulliObservations> sequences = new ArrayList<>();
        for (double[][] notes : data.notes) {
            sequences.add(BernoulliObservations.of(notes, data.numTones));
        }
        factor = new BernoulliChainFactor(sequences, numStates);
        members = members(sequences.size(), batch);
        HmmParameters parameters = HmmParameters.draw(numStates, data.numTones, 1);
        constants = new Tensor[] {parameters.probsX.select(0, 0).log(), parameters.probsX.log(),
            parameters.probsY.log(), parameters.probsY.neg().log1p()};
        leaves = new Tensor[constants.length];
        for (int i = 0; i < constants.length; i++) {
            leaves[i] = Tensor.variable(constants[i]);
        }
        gradient();
    }

    @Benchmark
    public double gradient() {
        Tensor value = factor.logMarginal(leaves[0], leaves[1], leaves[2], leaves[3], members, 1.0);
        Gradients gradients = Autodiff.gradients(value);
        return value.item() + gradients.of(leaves[2]).toArray()[0] + gradients.of(leaves[3]).toArray()[0];
    }

    @Benchmark
    public double likelihood() {
        return factor.logMarginal(constants[0], constants[1], constants[2], constants[3], members, 1.0).item();
    }

    /** All indices, or {@code batch} distinct ones drawn with a fixed seed, in increasing order. */
    static int[] members(int numSequences, String batch) {
        if (batch.equals("all")) {
            return IntStream.range(0, numSequences).toArray();
        }
        return new SplittableRandom(8).ints(0, numSequences).distinct().limit(Integer.parseInt(batch)).sorted()
                .toArray();
    }
}
