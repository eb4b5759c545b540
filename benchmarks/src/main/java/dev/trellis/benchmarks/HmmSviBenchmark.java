package dev.trellis.benchmarks;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.samples.jsb.Hmm;
import dev.trellis.samples.jsb.HmmProgram;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SVI step of the program generated from the DSL model {@link Hmm} (hmm.py model_1, K = 16) with an
 * {@link AutoDelta} guide and Adam, as in {@code HmmProgramGoldenTest}: the guide and model runs, the tabulation of
 * the chain's tables with tensor operations, the exact chain factor and its backward pass, the priors, the tape's
 * backward pass and the Adam update. {@code batch = all} uses the whole training split every step (MAP Baum-Welch);
 * {@code batch = 8} subsamples the {@code sequences} plate to 8 chorales per step
 * ({@code TraceElbo.withSubsample("sequences", 8)}). One core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class HmmSviBenchmark {

    @Param({"all", "8"})
    public String batch;

    private Svi training;
    private Rng rng;
    private ParamStore store;
    private Map<String, ParamStore.Entry> initial;

    @Setup
    public void setUp() throws IOException {
        JsbTrainingData data = JsbTrainingData.load();
        System.out.println(data.summary());
        int numStates = 16;
        HmmProgram model = new HmmProgram(new Hmm(numStates, data.numTones), List.of(data.notes));
        HmmParameters init = HmmParameters.draw(numStates, data.numTones, 11);
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(Map.of("probs_x", init.probsX, "probs_y", init.probsY)));
        TraceElbo elbo = batch.equals("all") ? new TraceElbo()
                : new TraceElbo().withSubsample("sequences", Integer.parseInt(batch));
        store = new ParamStore();
        training = new Svi(model, guide, Adam.withLearningRate(0.05), elbo, store);
        rng = Rng.seeded(0);
        training.step(rng);   // the guide's prototype run defines the parameters
        initial = store.snapshot();
    }

    /**
     * One step from the initial parameters. Restoring them first keeps every measured step alike: left to run for
     * thousands of steps, this MAP objective (Beta(0.1, 0.9) and Dirichlet(0.1) priors, unbounded at 0) drives
     * probabilities below e^-346, where the chain's exact passes move to log space and a step costs several times
     * more (see RESULTS.md).
     */
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
