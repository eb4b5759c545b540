package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.Tanh}: {@code tanh(x)} elementwise, derivative {@code 1 - y^2} from the output as torch.
 *
 * <p>Thread-safe: it has no parameters.
 */
public final class Tanh extends Layer {

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
