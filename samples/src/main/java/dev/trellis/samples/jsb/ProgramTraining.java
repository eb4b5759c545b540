package dev.trellis.samples.jsb;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * MAP Baum-Welch through the program Trellis generates from a model's DSL class: {@code AutoDelta} over the
 * {@code probs_*} sites (parameters named after their sites, started at the given tables) — or, for hmm2, whose
 * tables are {@code pyro.param}s, no guide at all —, Adam, and {@link TraceElbo}, which is exact here since the chains
 * are summed out and a point-mass guide has {@code log q = 0}. A batch smaller than the split draws that many
 * sequences without replacement each step and scales their likelihood by split size / batch size, as hmm.py's
 * {@code pyro.plate("sequences", num_sequences, batch_size)}; the prior is not scaled.
 */
final class ProgramTraining implements JsbTraining {
    private final @Nullable AutoDelta guide;
    private final ParamStore store = new ParamStore();
    private final Svi svi;
    private final Rng rng;
    private final Map<String, Tensor> init;

    ProgramTraining(JsbModel model, JsbSplit train, Map<String, Tensor> init, double learningRate, int batchSize,
            long seed) {
        Program program = JsbPrograms.of(model, train);
        this.init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        Program guideProgram;
        if (JsbPrograms.tablesAreParams(model)) {
            JsbPrograms.define(store, init);
            this.guide = null;
            guideProgram = context -> { };
        } else {
            this.guide = new AutoDelta(program).withParamNames(UnaryOperator.identity())
                    .withInit(InitStrategy.values(init));
            guideProgram = guide;
        }
        // Pyro's plate with subsample_size >= size uses every member without randomness: the same as no subsampling.
        TraceElbo elbo = batchSize >= train.numSequences() ? new TraceElbo()
                : new TraceElbo().withSubsample("sequences", batchSize);
        this.svi = new Svi(program, guideProgram, Adam.withLearningRate(learningRate), elbo, store);
        this.rng = Rng.seeded(seed);
    }

    @Override
    public double step() {
        return svi.step(rng);
    }

    @Override
    public Map<String, Tensor> params() {
        // Before the first step the guide has not defined its parameters: they are still the initial tables.
        if (svi.stepsTaken() == 0) {
            return init;
        }
        if (guide != null) {
            return guide.median(store);
        }
        return store.constrainedValues();
    }
}
