package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.ReLU}: {@code max(x, 0)} elementwise, with derivative 0 at exactly 0 (torch's {@code x > 0}).
 *
 * <p>Thread-safe: it has no parameters.
 */
public final class Relu extends Layer {

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }

    @Override
    public String toString() {
        return "Relu()";
    }
}
