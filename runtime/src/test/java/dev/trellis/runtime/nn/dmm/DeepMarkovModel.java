package dev.trellis.runtime.nn.dmm;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Parameter;
import dev.trellis.runtime.nn.Rnn;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The seed tutorial's Deep Markov Model as a hand-written program pair: what the DSL will have to generate for a
 * continuous latent chain with networks in the model and the guide.
 *
 * <p>Model: {@code z_t ~ Normal(trans(z_{t-1}))} (z_0 a learned vector), {@code x_t ~ Normal(emitter(z_t), obs_scale)}
 * observed. Guide: an RNN runs once left to right over the observations, and
 * {@code z_t ~ Normal(combiner(z_{t-1}, rnn_out[t-1]))} (z_q_0 learned). Both register the whole network with
 * {@code context.module("dmm", ...)}, so every weight lives in the parameter store as {@code dmm$$$<path>}; the z sites
 * are scaled by the KL annealing factor (Pyro's {@code poutine.scale}), the x sites are not.
 */
final class DeepMarkovModel extends Module {

    private final int zDim;
    private final Parameter z0;
    private final Parameter zq0;
    private final Parameter h0;
    private final GatedTransition trans;
    private final Emitter emitter;
    private final Combiner combiner;
    private final Rnn rnn;

    /** As the tutorial builds it (lin_z starts as the identity with zero bias; z_0, z_q_0 and h_0 start at 0). */
    DeepMarkovModel(int xDim, int zDim, int hiddenDim, int rnnDim, Rng rng) {
        this.zDim = zDim;
        trans = addModule("trans", new GatedTransition(zDim, hiddenDim, rng));
        emitter = addModule("emitter", new Emitter(zDim, hiddenDim, xDim, rng));
        combiner = addModule("combiner", new Combiner(zDim, rnnDim, rng));
        rnn = addModule("rnn", new Rnn(xDim, rnnDim, Rnn.Nonlinearity.RELU, true, rng));
        z0 = addParameter("z_0", Tensor.zeros(zDim));
        zq0 = addParameter("z_q_0", Tensor.zeros(zDim));
        h0 = addParameter("h_0", Tensor.zeros(1, 1, rnnDim));
        setParameters(Map.of("trans.lin_z.weight", Tensor.eye(zDim), "trans.lin_z.bias", Tensor.zeros(zDim)));
    }

    /** {@return the model over the observations {@code x [T, x_dim]}, its z sites scaled by {@code annealing}} */
    Program model(Tensor x, double annealing) {
        return context -> {
            DeepMarkovModel dmm = context.module("dmm", this);
            Tensor obsScale = context.param("obs_scale", Tensor.scalar(1.0), new Constraint.Positive());
            Tensor zPrevious = dmm.z0.value();
            for (int t = 1; t <= x.size(0); t++) {
                Tensor[] transition = dmm.trans.forward(zPrevious);
                Tensor z = context.sample("z_" + t, Normal.of(transition[0], transition[1]).toEvent(1),
                        SiteOptions.scaled(annealing));
                Tensor emitted = dmm.emitter.forward(z);
                context.observe("x_" + t, Normal.of(emitted, obsScale.expand(emitted.shape())).toEvent(1),
                        x.select(0, t - 1));
                zPrevious = z;
            }
        };
    }

    /** {@return the guide for the observations {@code x [T, x_dim]}, its z sites scaled by {@code annealing}} */
    Program guide(Tensor x, double annealing) {
        return context -> guideRun(context, x, annealing);
    }

    private void guideRun(SampleContext context, Tensor x, double annealing) {
        DeepMarkovModel dmm = context.module("dmm", this);
        Tensor rnnOut = dmm.rnn.forward(x.unsqueeze(0), dmm.h0.value()).output().select(0, 0);
        Tensor zPrevious = dmm.zq0.value();
        for (int t = 1; t <= x.size(0); t++) {
            Tensor[] proposal = dmm.combiner.forward(zPrevious, rnnOut.select(0, t - 1));
            zPrevious = context.sample("z_" + t, Normal.of(proposal[0], proposal[1]).toEvent(1),
                    SiteOptions.scaled(annealing));
        }
    }

    int zDim() {
        return zDim;
    }
}
