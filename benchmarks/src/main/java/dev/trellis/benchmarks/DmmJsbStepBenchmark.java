package dev.trellis.benchmarks;

import dev.trellis.runtime.nn.ProductPrecision;
import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.dmmjsb.JsbDmm;
import dev.trellis.samples.dmmjsb.JsbDmmGuide;
import dev.trellis.samples.dmmjsb.JsbDmmGuideProgram;
import dev.trellis.samples.dmmjsb.JsbDmmNetworks;
import dev.trellis.samples.dmmjsb.JsbDmmProgram;
import dev.trellis.samples.dmmjsb.JsbDmmTraining;
import dev.trellis.samples.dmmjsb.JsbPianoRolls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One mini-batch step of Pyro's examples/dmm.py as the {@code dmm-jsb} sample runs it ({@code JsbDmmTraining}): the
 * generated {@link JsbDmmProgram} and {@link JsbDmmGuideProgram} on 20 training chorales (all 88 keys, each at its own
 * length), Trace_ELBO with one particle, the KL annealing factor at its first value 0.2, ClippedAdam with dmm.py's
 * settings. The step runs the guide's 600-wide ReLU RNN over the chorales reversed, the combiner, the gated
 * transition and the emitter at every time step, the tape's backward pass through all of them and the update. Pyro
 * takes 0.82–0.87 s for this step (shared/perf/ANCHORS.md). One core.
 *
 * <p>The mini-batch is fixed: 20 chorales drawn without replacement by {@code SplittableRandom(20)}, bound longest
 * first as dmm.py sorts them, printed with their number of time steps (the work is proportional to it). Without
 * {@code ../shared/data/jsb_chorales.json} (or the path in {@code -Dtrellis.jsb}) it runs on 20 synthetic chorales of
 * 60 steps, four keys down per step, and says so.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DmmJsbStepBenchmark {

    /** dmm.py's {@code --mini-batch-size}. */
    static final int BATCH = 20;

    /** The network products' precision ({@link ProductPrecision}): Pyro's dmm.py multiplies in float32. */
    @Param({"double", "single"})
    public String products = "double";

    private ProductPrecision precision;
    private Svi training;
    private Rng rng;
    private ParamStore store;
    private Map<String, ParamStore.Entry> initial;

    @Setup
    public void setUp() {
        precision = ProductPrecision.valueOf(products.toUpperCase(java.util.Locale.ROOT));
        ProductPrecision.use(precision);
        List<Tensor> batch = miniBatch();
        JsbDmmNetworks networks = new JsbDmmNetworks(Rng.seeded(3));
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), batch);
        model.setScale("annealing", 0.2);
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        store = new ParamStore();
        training = new Svi(model, guide, new ClippedAdam(0.0003, 0.96, 0.999, 1e-8, 2.0, 10.0, 0.99996),
                new TraceElbo(), store);
        rng = Rng.seeded(0);
        training.step(rng);   // registers the networks' parameters
        initial = store.snapshot();
    }

    /** One step from the initial parameters (restored first, so that every measured step is alike). */
    @Benchmark
    public double step() {
        ProductPrecision.use(precision);   // other cases of the same run may have set another
        store.restore(initial);
        return training.step(rng);
    }

    /** {@return the time steps of the mini-batch (for CPU time per step)} */
    double timeSteps() {
        return miniBatch().stream().mapToInt(chorale -> chorale.size(0)).sum();
    }

    private static List<Tensor> miniBatch() {
        Path path = Path.of(System.getProperty("trellis.jsb", "../shared/data/jsb_chorales.json"));
        List<Tensor> chorales;
        String source;
        if (Files.isReadable(path)) {
            chorales = JsbPianoRolls.load(path).split("train");
            source = path.toString();
        } else {
            chorales = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(88);
            for (int s = 0; s < BATCH; s++) {
                double[] roll = new double[60 * JsbPianoRolls.KEYS];
                for (int t = 0; t < 60; t++) {
                    for (int n = 0; n < 4; n++) {
                        roll[t * JsbPianoRolls.KEYS + 30 + random.nextInt(40)] = 1.0;
                    }
                }
                chorales.add(Tensor.of(roll, 60, JsbPianoRolls.KEYS));
            }
            source = "synthetic (no jsb_chorales.json found)";
        }
        int[] order = new int[chorales.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(20);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        List<Tensor> batch = new ArrayList<>();
        int steps = 0;
        int longest = 0;
        for (int i = 0; i < Math.min(BATCH, order.length); i++) {
            Tensor chorale = chorales.get(order[i]);
            batch.add(chorale);
            steps += chorale.size(0);
            longest = Math.max(longest, chorale.size(0));
        }
        System.out.println("data: " + source + "; mini-batch of " + batch.size() + " chorales, " + steps
                + " time steps, longest " + longest + ", bound longest first as dmm.py sorts them");
        return JsbDmmTraining.longestFirst(batch);
    }
}
