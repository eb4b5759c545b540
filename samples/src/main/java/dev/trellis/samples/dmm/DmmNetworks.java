package dev.trellis.samples.dmm;

import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Parameter;
import dev.trellis.runtime.nn.Rnn;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Every network of the seed tutorial's Deep Markov Model in one module, as the tutorial's {@code DMM(nn.Module)}: the
 * model's transition and emitter, the guide's combiner and left-to-right RNN, and the learned starting points
 * {@code z_0} (the model's), {@code z_q_0} (the guide's) and {@code h_0} (the RNN's). The model and the guide both
 * declare it as {@code @Network(name = "dmm")}, so its parameters live once in the parameter store as
 * {@code dmm$$$<path>} with torch's paths ({@code trans.lin_gate.weight}, {@code rnn.weight_ih_l0}, {@code z_0}, ...).
 */
public final class DmmNetworks extends Module {

    private final GatedTransition trans;
    private final Emitter emitter;
    private final Combiner combiner;
    private final Rnn rnn;
    private final Parameter z0;
    private final Parameter zq0;
    private final Parameter h0;

    /**
     * As the tutorial builds it: torch's default initialisation drawn from {@code rng} (transition, emitter, combiner,
     * RNN, in that order), the transition's {@code lin_z} the identity with zero bias, and z_0, z_q_0, h_0 zero.
     */
    public DmmNetworks(int xDim, int zDim, int hiddenDim, int rnnDim, Rng rng) {
        trans = addModule("trans", new GatedTransition(zDim, hiddenDim, rng));
        emitter = addModule("emitter", new Emitter(zDim, hiddenDim, xDim, rng));
        combiner = addModule("combiner", new Combiner(zDim, rnnDim, rng));
        rnn = addModule("rnn", new Rnn(xDim, rnnDim, Rnn.Nonlinearity.RELU, true, rng));
        z0 = addParameter("z_0", Tensor.zeros(zDim));
        zq0 = addParameter("z_q_0", Tensor.zeros(zDim));
        h0 = addParameter("h_0", Tensor.zeros(1, 1, rnnDim));
        setParameters(Map.of("trans.lin_z.weight", Tensor.eye(zDim), "trans.lin_z.bias", Tensor.zeros(zDim)));
    }

    public GatedTransition trans() {
        return trans;
    }

    public Emitter emitter() {
        return emitter;
    }

    public Combiner combiner() {
        return combiner;
    }

    public Rnn rnn() {
        return rnn;
    }

    /** {@return z_0, where the model's chain starts ({@code [z_dim]})} */
    public Tensor z0() {
        return z0.value();
    }

    /** {@return z_q_0, where the guide's chain starts ({@code [z_dim]})} */
    public Tensor zq0() {
        return zq0.value();
    }

    /** {@return the RNN's initial state, {@code [1, 1, rnn_dim]}} */
    public Tensor h0() {
        return h0.value();
    }
}
