package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.ReLU}: {@code max(x, 0)} elementwise, with derivative 0 at exactly 0 (torch's {@code x > 0}).
 *
 * <p>Thread-safe: it has no parameters.
 */
public final class Relu extends Layer {

    /**
     * {@code relu(input + row)}, the row added to every row of the input ({@code [..., d]} plus {@code [d]}), as one
     * autodiff node: what a hidden layer computes from two summed projections (hmm.py's {@code relu(x_to_hidden(x) +
     * y_to_hidden(y))}), without the broadcast sum's own node and tensor. Values and gradients are those of {@code
     * input.add(row).relu()}: derivative 0 at exactly 0, NaN propagated.
     *
     * @param input {@code [..., d]}
     * @param row {@code [d]}
     * @return {@code [..., d]}
     * @throws IllegalArgumentException naming both shapes if the row is not {@code [d]}
     */
    public static Tensor ofSum(Tensor input, Tensor row) {
        return ActivationKernels.reluOfSum(input, row);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }

    @Override
    public String toString() {
        return "Relu()";
    }
}
