package dev.trellis.samples.jsb;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.params.ParamStoreFile;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MAP Baum-Welch through the program Trellis generates from a model's DSL class: {@code AutoDelta} over the
 * {@code probs_*} sites (parameters named after their sites, started at the given tables) — or, for hmm2, whose
 * tables are {@code pyro.param}s, no guide at all; nnhmm's network parameters are {@code pyro.module} parameters in
 * the same store —, Adam, and {@link TraceElbo}, which is exact here since the chains
 * are summed out and a point-mass guide has {@code log q = 0}. A batch smaller than the split draws that many
 * sequences without replacement each step and scales their likelihood by split size / batch size, as hmm.py's
 * {@code pyro.plate("sequences", num_sequences, batch_size)}; the prior is not scaled.
 */
final class ProgramTraining implements JsbTraining {
    private final ParamStore store = new ParamStore();
    private final Trainer trainer;
    private final Map<String, Tensor> init;

    ProgramTraining(JsbModel model, JsbSplit train, Map<String, Tensor> init, double learningRate, int batchSize,
            long seed, MemberEvaluation evaluation) {
        Program program = JsbPrograms.of(model, train, init);
        if (program instanceof MemberProgram members) {
            members.setMemberEvaluation(evaluation);
        }
        this.init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        Program guideProgram;
        if (JsbPrograms.tablesAreParams(model)) {
            JsbPrograms.define(store, init);
            guideProgram = context -> { };
        } else {
            JsbPrograms.defineNetwork(store, init);   // nnhmm's pyro.module parameters; Adam trains them with probs_x
            guideProgram = new AutoDelta(program).withParamNames(UnaryOperator.identity())
                    .withInit(InitStrategy.values(JsbPrograms.latentSites(init)));
        }
        // Pyro's plate with subsample_size >= size uses every member without randomness: the same as no subsampling.
        TraceElbo elbo = batchSize >= train.numSequences() ? new TraceElbo()
                : new TraceElbo().withSubsample("sequences", batchSize);
        Svi svi = new Svi(program, guideProgram, Adam.withLearningRate(learningRate), elbo, store);
        this.trainer = Trainer.of(svi).rng(Rng.seeded(seed));
    }

    @Override
    public double step() {
        trainer.steps(trainer.stepsDone() + 1).run();
        double[] losses = trainer.losses();
        return losses[losses.length - 1];
    }

    @Override
    public Trainer trainer() {
        return trainer;
    }

    @Override
    public int stepsTaken() {
        return trainer.stepsDone();
    }

    @Override
    public void save(Path checkpoint) throws IOException {
        ParamStoreFile.save(store, trainer.state(), checkpoint);
    }

    /**
     * Continues from a checkpoint of a training built with the same arguments: its parameters, Adam's state, the
     * random stream, the losses and the step count.
     *
     * @throws IOException naming the file if it is not a checkpoint
     */
    ProgramTraining resume(Path checkpoint) throws IOException {
        trainer.resumeFrom(checkpoint);
        return this;
    }

    @Override
    public Map<String, Tensor> params() {
        // Before the first step the guide has not defined its parameters: they are still the initial tables.
        if (trainer.stepsDone() == 0) {
            return init;
        }
        Map<String, Tensor> constrained = store.constrainedValues();
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (String name : init.keySet()) {   // the model's order
            params.put(name, constrained.get(name));
        }
        return Collections.unmodifiableMap(params);
    }
}
