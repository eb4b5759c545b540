package dev.trellis.benchmarks;

import dev.trellis.benchmarks.models.GaussianHmm;
import dev.trellis.benchmarks.models.GaussianHmmInference;
import dev.trellis.benchmarks.models.LearnedGaussianHmm;
import dev.trellis.benchmarks.models.LearnedGaussianHmmProgram;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
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
 * An HMM with Normal emissions (K states, one sequence of T steps). {@link #likelihood}, {@link #marginals} and
 * {@link #viterbi} are the generated {@code GaussianHmmInference} with fixed tables; {@link #gradient} is the
 * log-likelihood and its gradient with respect to the unconstrained tables through the generated
 * {@code LearnedGaussianHmmProgram}, whose tables are {@code @Param}s: the program's run (the tables tabulated with
 * tensor operations, the emission densities per state over all steps, the exact elimination) and the tape's backward
 * pass from the factor's adjoints to the parameters (initialised at means 0..K-1 and scales 1.5 s). The series is
 * simulated from the fixed model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GaussianHmmBenchmark {

    @Param({"16"})
    public int states;

    @Param({"100000"})
    public int length;

    /** The smallest emission scale (see {@link GaussianHmm#random}): 0.3 separated, 3 overlapping. */
    @Param({"0.3", "3"})
    public double scale;

    private GaussianHmmInference inference;
    private double[] y;
    private LearnedGaussianHmmProgram program;
    private ParamStore store;

    @Setup
    public void setUp() {
        inference = new GaussianHmmInference(GaussianHmm.random(states, scale, 5));
        y = inference.simulate(length, Rng.seeded(3)).y();
        program = new LearnedGaussianHmmProgram(new LearnedGaussianHmm(states, 1.5 * scale, 5), y);
        store = new ParamStore();
        Conditioned.run(program, Map.of(), store);   // defines the parameters from their initial values
    }

    /** {@return T K^2: the multiply-adds of one forward pass} */
    double work() {
        return (double) length * states * states;
    }

    @Benchmark
    public double likelihood() {
        return inference.logLikelihood(y);
    }

    @Benchmark
    public double marginals() {
        double[][] marginals = inference.marginals(y).state();
        return marginals[marginals.length - 1][0];
    }

    @Benchmark
    public double viterbi() {
        return inference.viterbi(y).logJoint();
    }

    @Benchmark
    public double gradient() {
        ParamScope scope = new ParamScope(store);
        Trace trace = Conditioned.run(program, Map.of(), scope);
        Tensor logLikelihood = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            logLikelihood = logLikelihood.add(site.logProb().sum());
        }
        Gradients gradients = Autodiff.gradients(logLikelihood);
        double check = logLikelihood.item();
        for (Tensor leaf : scope.leaves().values()) {
            check += gradients.of(leaf).sum().item();
        }
        return check;
    }
}
