package dev.trellis.benchmarks;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.jsb.NnHmm;
import dev.trellis.samples.jsb.NnHmmProgram;
import dev.trellis.samples.jsb.TonesGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SVI step of the program generated from the DSL model {@link NnHmm} (hmm.py model_5, the nnHMM: 16 hidden states,
 * {@code nn_dim = 48}, {@code nn_channels = 2}) on 8 chorales drawn from the training split
 * ({@code TraceElbo.withSubsample("sequences", 8)}, hmm.py's default batch), as {@code jsb train --model nnhmm} runs
 * it: the guide and model runs, the network registered with {@code context.module}, the transition tables, the
 * batched evidence (the network once per block of steps and hidden state, the convolution once per block), the exact
 * chain factor and its backward pass, the tape's backward pass through the network, and Adam's update of {@code
 * probs_x} and the network's 8 parameter tensors. Pyro takes 178 ms for this step (shared/perf/ANCHORS.md). One core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class NnHmmSviBenchmark {

    private Svi training;
    private Rng rng;
    private ParamStore store;
    private Map<String, ParamStore.Entry> initial;

    @Setup
    public void setUp() throws IOException {
        JsbTrainingData data = JsbTrainingData.load();
        System.out.println(data.summary());
        TonesGenerator network = TonesGenerator.hmmPy(data.numTones, Rng.seeded(11));
        NnHmmProgram model = new NnHmmProgram(new NnHmm(network), List.of(data.notes));
        int hidden = network.hiddenStates();
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(Map.of("probs_x", Tensor.ones(hidden, hidden).div(hidden))));
        store = new ParamStore();
        training = new Svi(model, guide, Adam.withLearningRate(0.05), new TraceElbo().withSubsample("sequences", 8),
                store);
        rng = Rng.seeded(0);
        training.step(rng);   // the guide's prototype run and the network's registration define the parameters
        initial = store.snapshot();
    }

    /** One step from the initial parameters (restored first, so that every measured step is alike). */
    @Benchmark
    public double step() {
        store.restore(initial);
        return training.step(rng);
    }
}
