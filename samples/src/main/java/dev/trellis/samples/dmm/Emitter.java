package dev.trellis.samples.dmm;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.nn.Sequential;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** The seed tutorial's emission mean, the location of x_t given z_t: a two-hidden-layer ReLU network. */
public final class Emitter extends Module {

    private final Sequential net;

    /** Torch's default initialisation from {@code rng}. */
    public Emitter(int zDim, int hiddenDim, int xDim, Rng rng) {
        net = addModule("net", new Sequential(new Linear(zDim, hiddenDim, rng), new Relu(),
                new Linear(hiddenDim, hiddenDim, rng), new Relu(), new Linear(hiddenDim, xDim, rng)));
    }

    /** {@return the location of x_t, {@code [..., x_dim]}} */
    public Tensor forward(Tensor z) {
        return net.forward(z);
    }
}
