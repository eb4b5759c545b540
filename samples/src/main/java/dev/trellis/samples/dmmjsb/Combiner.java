package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Softplus;
import dev.trellis.runtime.nn.Tanh;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** Pyro's examples/dmm.py {@code Combiner}: q(z_t | z_{t-1}, the RNN's summary of x_t..x_T), no 1e-4 on the scale. */
public final class Combiner extends Module {

    private final Linear zToHidden;
    private final Linear hiddenToLoc;
    private final Linear hiddenToScale;
    private final Softplus softplus = new Softplus();

    /** Torch's default initialisation from {@code rng}. */
    public Combiner(int zDim, int rnnDim, Rng rng) {
        zToHidden = addModule("lin_z_to_hidden", new Linear(zDim, rnnDim, rng));
        hiddenToLoc = addModule("lin_hidden_to_loc", new Linear(rnnDim, zDim, rng));
        hiddenToScale = addModule("lin_hidden_to_scale", new Linear(rnnDim, zDim, rng));
    }

    /** {@return the location and scale of z_t given z_{t-1} and the RNN's state at step t} */
    public Tensor[] forward(Tensor zPrevious, Tensor rnnState) {
        Tensor combined = Tanh.averagedWith(zToHidden.forward(zPrevious), rnnState);
        return new Tensor[] {hiddenToLoc.forward(combined), softplus.forward(hiddenToScale.forward(combined))};
    }
}
