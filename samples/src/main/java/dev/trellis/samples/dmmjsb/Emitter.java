package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.nn.Sigmoid;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** Pyro's examples/dmm.py {@code Emitter}: the probabilities that each of the 88 notes sounds, given z_t. */
public final class Emitter extends Module {

    private final Linear zToHidden;
    private final Linear hiddenToHidden;
    private final Linear hiddenToInput;
    private final Sigmoid sigmoid = new Sigmoid();

    /** Torch's default initialisation from {@code rng}. */
    public Emitter(int inputDim, int zDim, int emissionDim, Rng rng) {
        zToHidden = addModule("lin_z_to_hidden", new Linear(zDim, emissionDim, rng));
        hiddenToHidden = addModule("lin_hidden_to_hidden", new Linear(emissionDim, emissionDim, rng));
        hiddenToInput = addModule("lin_hidden_to_input", new Linear(emissionDim, inputDim, rng));
    }

    /** {@return the notes' probabilities, {@code [..., input_dim]}} */
    public Tensor forward(Tensor z) {
        return sigmoid.forward(hiddenToInput.forward(Relu.ofLinear(hiddenToHidden, Relu.ofLinear(zToHidden, z))));
    }
}
