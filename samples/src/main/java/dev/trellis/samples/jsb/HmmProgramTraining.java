package dev.trellis.samples.jsb;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MAP Baum-Welch for hmm through the program generated from {@link Hmm}: {@code AutoDelta} over probs_x and probs_y
 * (parameters named after their sites, started at the given tables), Adam, and {@link TraceElbo}, which is exact here
 * since the chain is summed out and a point-mass guide has {@code log q = 0}. A batch smaller than the split draws that
 * many sequences without replacement each step, and scales their likelihood by split size / batch size, as hmm.py's
 * {@code pyro.plate("sequences", num_sequences, batch_size)}; the prior is not scaled.
 */
final class HmmProgramTraining implements JsbTraining {
    private final AutoDelta guide;
    private final ParamStore store = new ParamStore();
    private final Svi svi;
    private final Rng rng;
    private final Map<String, Tensor> init;

    HmmProgramTraining(JsbSplit train, Map<String, Tensor> init, double learningRate, int batchSize, long seed) {
        HmmProgram program = HmmPrograms.of(train);
        this.init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        this.guide = new AutoDelta(program).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(init));
        // Pyro's plate with subsample_size >= size uses every member without randomness: the same as no subsampling.
        TraceElbo elbo = batchSize >= train.numSequences() ? new TraceElbo()
                : new TraceElbo().withSubsample("sequences", batchSize);
        this.svi = new Svi(program, guide, Adam.withLearningRate(learningRate), elbo, store);
        this.rng = Rng.seeded(seed);
    }

    @Override
    public double step() {
        return svi.step(rng);
    }

    @Override
    public Map<String, Tensor> params() {
        // Before the first step the guide has not defined its parameters: they are still the initial tables.
        return svi.stepsTaken() == 0 ? init : guide.median(store);
    }
}
