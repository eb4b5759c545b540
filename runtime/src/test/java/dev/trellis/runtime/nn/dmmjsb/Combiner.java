package dev.trellis.runtime.nn.dmmjsb;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Softplus;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** Pyro's examples/dmm.py {@code Combiner}: the guide's q(z_t | z_{t-1}, the RNN's summary of x_t..x_T). */
final class Combiner extends Module {

    private final Linear zToHidden;
    private final Linear hiddenToLoc;
    private final Linear hiddenToScale;
    private final Softplus softplus = new Softplus();

    Combiner(int zDim, int rnnDim, Rng rng) {
        zToHidden = addModule("lin_z_to_hidden", new Linear(zDim, rnnDim, rng));
        hiddenToLoc = addModule("lin_hidden_to_loc", new Linear(rnnDim, zDim, rng));
        hiddenToScale = addModule("lin_hidden_to_scale", new Linear(rnnDim, zDim, rng));
    }

    Tensor[] forward(Tensor zPrevious, Tensor rnnState) {
        Tensor combined = zToHidden.forward(zPrevious).tanh().add(rnnState).mul(0.5);
        return new Tensor[] {hiddenToLoc.forward(combined), softplus.forward(hiddenToScale.forward(combined))};
    }
}
