package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.Tanh}: {@code tanh(x)} elementwise, derivative {@code 1 - y^2} from the output as torch.
 *
 * <p>Thread-safe: it has no parameters.
 */
public final class Tanh extends Layer {

    /**
     * {@code (tanh(input) + other) * 0.5}, the mean of a tanh layer's output and another tensor of its shape, as one
     * autodiff node: dmm.py's {@code Combiner}, {@code 0.5 * (tanh(lin_z_to_hidden(z)) + h_rnn)}, at every time step,
     * without the sum's and the product's nodes and tensors. Values and gradients are those of {@code
     * input.tanh().add(other).mul(0.5)} to the bit (NaN propagated as there); tensors of different shapes take that
     * composition, broadcasting.
     *
     * @param input the tanh layer's input
     * @param other the tensor averaged with its output
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming the shapes if they do not broadcast
     */
    public static Tensor averagedWith(Tensor input, Tensor other) {
        return ActivationKernels.tanhAveragedWith(input, other);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
