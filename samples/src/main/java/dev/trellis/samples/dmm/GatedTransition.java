package dev.trellis.samples.dmm;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.nn.Sigmoid;
import dev.trellis.runtime.nn.Softplus;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The seed tutorial's transition p(z_t | z_{t-1}): a gate mixes a linear map of z_{t-1} (starting as the identity)
 * with a nonlinear proposal, whose softplus (plus 1e-4) is the scale.
 */
public final class GatedTransition extends Module {

    private final Linear linGate;
    private final Linear linGateOut;
    private final Linear linProp;
    private final Linear linPropOut;
    private final Linear linZ;
    private final Sigmoid sigmoid = new Sigmoid();
    private final Softplus softplus = new Softplus();

    /** Torch's default initialisation from {@code rng}, in the tutorial's order of layers. */
    public GatedTransition(int zDim, int hiddenDim, Rng rng) {
        linGate = addModule("lin_gate", new Linear(zDim, hiddenDim, rng));
        linGateOut = addModule("lin_gate_out", new Linear(hiddenDim, zDim, rng));
        linProp = addModule("lin_prop", new Linear(zDim, hiddenDim, rng));
        linPropOut = addModule("lin_prop_out", new Linear(hiddenDim, zDim, rng));
        linZ = addModule("lin_z", new Linear(zDim, zDim, rng));
    }

    /** {@return the location and scale of z_t given z_{t-1} ({@code [..., z_dim]} each)} */
    public Tensor[] forward(Tensor zPrevious) {
        Tensor gate = sigmoid.forward(linGateOut.forward(Relu.ofLinear(linGate, zPrevious)));
        Tensor proposedMean = linPropOut.forward(Relu.ofLinear(linProp, zPrevious));
        Tensor loc = Tensor.mix(linZ.forward(zPrevious), proposedMean, gate);
        Tensor scale = softplus.forward(proposedMean).add(1e-4);
        return new Tensor[] {loc, scale};
    }
}
