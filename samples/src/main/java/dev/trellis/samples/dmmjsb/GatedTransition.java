package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.nn.Sigmoid;
import dev.trellis.runtime.nn.Softplus;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Pyro's examples/dmm.py {@code GatedTransition}: as the seed tutorial's, with the scale from a layer of its own
 * ({@code softplus(lin_sig(relu(proposed_mean)))}, no 1e-4) and {@code lin_z_to_loc} starting as the identity.
 */
public final class GatedTransition extends Module {

    private final Linear gateZToHidden;
    private final Linear gateHiddenToZ;
    private final Linear proposedMeanZToHidden;
    private final Linear proposedMeanHiddenToZ;
    private final Linear sig;
    private final Linear zToLoc;
    private final Sigmoid sigmoid = new Sigmoid();
    private final Softplus softplus = new Softplus();

    /** Torch's default initialisation from {@code rng}, then {@code lin_z_to_loc} set to the identity. */
    public GatedTransition(int zDim, int transitionDim, Rng rng) {
        gateZToHidden = addModule("lin_gate_z_to_hidden", new Linear(zDim, transitionDim, rng));
        gateHiddenToZ = addModule("lin_gate_hidden_to_z", new Linear(transitionDim, zDim, rng));
        proposedMeanZToHidden = addModule("lin_proposed_mean_z_to_hidden", new Linear(zDim, transitionDim, rng));
        proposedMeanHiddenToZ = addModule("lin_proposed_mean_hidden_to_z", new Linear(transitionDim, zDim, rng));
        sig = addModule("lin_sig", new Linear(zDim, zDim, rng));
        zToLoc = addModule("lin_z_to_loc", new Linear(zDim, zDim, rng));
        setParameters(Map.of("lin_z_to_loc.weight", Tensor.eye(zDim), "lin_z_to_loc.bias", Tensor.zeros(zDim)));
    }

    /** {@return the location and scale of z_t given z_{t-1}, for a batch {@code [B, z_dim]}} */
    public Tensor[] forward(Tensor zPrevious) {
        Tensor gate = sigmoid.forward(gateHiddenToZ.forward(Relu.ofLinear(gateZToHidden, zPrevious)));
        Tensor proposedMean = proposedMeanHiddenToZ.forward(Relu.ofLinear(proposedMeanZToHidden, zPrevious));
        Tensor loc = Tensor.mix(zToLoc.forward(zPrevious), proposedMean, gate);
        Tensor scale = softplus.forward(sig.forward(proposedMean.relu()));
        return new Tensor[] {loc, scale};
    }
}
