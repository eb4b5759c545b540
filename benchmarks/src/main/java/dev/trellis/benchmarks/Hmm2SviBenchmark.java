package dev.trellis.benchmarks;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.samples.jsb.Hmm2;
import dev.trellis.samples.jsb.Hmm2Program;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
 * One SVI step of the program generated from {@link Hmm2} (hmm.py model_6: a second-order chain over K = 16 states,
 * Bernoulli tones), as the samples train it: the tables are {@code @Param}s, so the guide is empty and the step is the
 * exact log-likelihood of the batch, its gradient with respect to the unconstrained tables, and Adam. Each step costs
 * K^3 per time step for the chain (a message over two lags times the steady table). {@code batch = 8} subsamples the
 * {@code sequences} plate to 8 chorales per step; {@code batch = all} uses the whole training split. One core.
 *
 * <p>The same source compiles against the pipeline before the general compiler (commit 5cecf2a), where the chain ran
 * as a first-order chain over the K^2 pairs of consecutive states (K^4 per step), which is how RESULTS.md measures the
 * two side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class Hmm2SviBenchmark {

    @Param({"8"})
    public String batch;

    private Svi training;
    private Rng rng;
    private ParamStore store;
    private Map<String, ParamStore.Entry> initial;

    @Setup
    public void setUp() throws IOException {
        JsbTrainingData data = JsbTrainingData.load();
        System.out.println(data.summary());
        Hmm2Program model = new Hmm2Program(new Hmm2(16, data.numTones, 0), List.of(data.notes));
        TraceElbo elbo = batch.equals("all") ? new TraceElbo()
                : new TraceElbo().withSubsample("sequences", Integer.parseInt(batch));
        store = new ParamStore();
        training = new Svi(model, context -> { }, Adam.withLearningRate(0.05), elbo, store);
        rng = Rng.seeded(0);
        training.step(rng);   // the first run defines the parameters from the model's initial draws
        initial = store.snapshot();
    }

    /** One step from the initial parameters, restored first so that every measured step starts alike. */
    @Benchmark
    public double step() {
        store.restore(initial);
        return training.step(rng);
    }

    /** One more step from wherever training is (for {@link ResultDigest}'s trajectories; not benchmarked). */
    double continueTraining() {
        return training.step(rng);
    }
}
