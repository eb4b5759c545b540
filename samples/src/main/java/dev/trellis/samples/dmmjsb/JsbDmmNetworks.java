package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Parameter;
import dev.trellis.runtime.nn.Rnn;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Every network of Pyro's examples/dmm.py {@code DMM} in one module: emitter, gated transition, combiner, the guide's
 * ReLU RNN, and the learned starting points z_0, z_q_0 and h_0. The model and the guide both declare it as
 * {@code @Network(name = "dmm")}, so its parameters live once in the store as {@code dmm$$$<path>}, with dmm.py's paths.
 * (dmm.py's RNN dropout has no effect with one layer, and its normalising flows are off by default; neither is here.)
 */
public final class JsbDmmNetworks extends Module {

    /** dmm.py's dimensions: 88 notes, z 100, emitter 100, transition 200, RNN 600. */
    public static final int INPUT_DIM = 88;
    public static final int Z_DIM = 100;
    public static final int EMISSION_DIM = 100;
    public static final int TRANSITION_DIM = 200;
    public static final int RNN_DIM = 600;

    private final Emitter emitter;
    private final GatedTransition trans;
    private final Combiner combiner;
    private final Rnn rnn;
    private final Parameter z0;
    private final Parameter zq0;
    private final Parameter h0;

    /** dmm.py's networks at its dimensions, torch's default initialisation drawn from {@code rng}. */
    public JsbDmmNetworks(Rng rng) {
        this(INPUT_DIM, Z_DIM, EMISSION_DIM, TRANSITION_DIM, RNN_DIM, rng);
    }

    /** As dmm.py's {@code DMM.__init__}: layers in its order from {@code rng}, then z_0, z_q_0, h_0 zero. */
    public JsbDmmNetworks(int inputDim, int zDim, int emissionDim, int transitionDim, int rnnDim, Rng rng) {
        emitter = addModule("emitter", new Emitter(inputDim, zDim, emissionDim, rng));
        trans = addModule("trans", new GatedTransition(zDim, transitionDim, rng));
        combiner = addModule("combiner", new Combiner(zDim, rnnDim, rng));
        rnn = addModule("rnn", new Rnn(inputDim, rnnDim, Rnn.Nonlinearity.RELU, true, rng));
        z0 = addParameter("z_0", Tensor.zeros(zDim));
        zq0 = addParameter("z_q_0", Tensor.zeros(zDim));
        h0 = addParameter("h_0", Tensor.zeros(1, 1, rnnDim));
    }

    public Emitter emitter() {
        return emitter;
    }

    public GatedTransition trans() {
        return trans;
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
