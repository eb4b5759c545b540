package dev.trellis.runtime.nn.dmmjsb;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Sigmoid;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** Pyro's examples/dmm.py {@code Emitter}: the probabilities of the 88 notes given z_t. */
final class Emitter extends Module {

    private final Linear zToHidden;
    private final Linear hiddenToHidden;
    private final Linear hiddenToInput;
    private final Sigmoid sigmoid = new Sigmoid();

    Emitter(int inputDim, int zDim, int emissionDim, Rng rng) {
        zToHidden = addModule("lin_z_to_hidden", new Linear(zDim, emissionDim, rng));
        hiddenToHidden = addModule("lin_hidden_to_hidden", new Linear(emissionDim, emissionDim, rng));
        hiddenToInput = addModule("lin_hidden_to_input", new Linear(emissionDim, inputDim, rng));
    }

    Tensor forward(Tensor z) {
        return sigmoid.forward(hiddenToInput.forward(hiddenToHidden.forward(zToHidden.forward(z).relu()).relu()));
    }
}
