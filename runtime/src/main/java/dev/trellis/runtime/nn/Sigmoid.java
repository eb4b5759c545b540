package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.Sigmoid}: {@code 1 / (1 + e^-x)} elementwise, differentiated as torch does, {@code y (1 - y)}
 * from the output. Far in the upper tail that product loses the derivative's relative accuracy ({@code 1 - y} is a
 * difference of nearly equal numbers: at x = 30 it is off by 0.1%, from x = 36.8 on it is 0), which is what torch's
 * gradients are; {@link Tensor#sigmoid()} has the exact derivative {@code e^-|x| / (1 + e^-|x|)^2} instead.
 *
 * <p>Thread-safe: it has no parameters.
 */
public final class Sigmoid extends Layer {

    @Override
    public Tensor forward(Tensor input) {
        return ActivationKernels.sigmoid(input);
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
