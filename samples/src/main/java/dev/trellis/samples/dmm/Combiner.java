package dev.trellis.samples.dmm;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Softplus;
import dev.trellis.runtime.nn.Tanh;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The seed tutorial's guide step q(z_t | z_{t-1}, x_1..x_t): the previous latent, through a tanh layer, averaged with
 * the RNN's summary of the observations so far.
 */
public final class Combiner extends Module {

    private final Linear linZToHidden;
    private final Linear linHiddenToLoc;
    private final Linear linHiddenToScale;
    private final Softplus softplus = new Softplus();

    /** Torch's default initialisation from {@code rng}. */
    public Combiner(int zDim, int rnnDim, Rng rng) {
        linZToHidden = addModule("lin_z_to_hidden", new Linear(zDim, rnnDim, rng));
        linHiddenToLoc = addModule("lin_hidden_to_loc", new Linear(rnnDim, zDim, rng));
        linHiddenToScale = addModule("lin_hidden_to_scale", new Linear(rnnDim, zDim, rng));
    }

    /** {@return the location and scale of z_t given z_{t-1} and the RNN's state after x_1..x_t} */
    public Tensor[] forward(Tensor zPrevious, Tensor rnnState) {
        Tensor combined = Tanh.averagedWith(linZToHidden.forward(zPrevious), rnnState);
        Tensor loc = linHiddenToLoc.forward(combined);
        Tensor scale = softplus.forward(linHiddenToScale.forward(combined)).add(1e-4);
        return new Tensor[] {loc, scale};
    }
}
