package dev.trellis.runtime.nn.dmm;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.nn.Sequential;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** The DMM's emission mean, x_t's location given z_t: a two-hidden-layer ReLU network (the tutorial's Emitter). */
final class Emitter extends Module {

    private final Sequential net;

    Emitter(int zDim, int hiddenDim, int xDim, Rng rng) {
        net = addModule("net", new Sequential(new Linear(zDim, hiddenDim, rng), new Relu(),
                new Linear(hiddenDim, hiddenDim, rng), new Relu(), new Linear(hiddenDim, xDim, rng)));
    }

    Tensor forward(Tensor z) {
        return net.forward(z);
    }
}
