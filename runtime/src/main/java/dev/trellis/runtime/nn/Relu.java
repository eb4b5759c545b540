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

    /**
     * {@code relu(input + rows[k])} for every row {@code k} of {@code rows}, one after the other as the rows of one
     * matrix ({@code [..., d]} with {@code m} rows and {@code [k, d]} give {@code [k m, d]}, row {@code k m + i} from
     * the input's row {@code i}), as one autodiff node: a hidden layer evaluated for every value of a one-hot input at
     * once (hmm.py's nnHMM: {@code relu(x_to_hidden(one_hot(x)) + y_to_hidden(y))} for every hidden state {@code x}),
     * so that the next layer is one matrix product over all of them. Rows {@code k m} to {@code (k + 1) m} are
     * {@link #ofSum ofSum(input, rows[k])}, values and gradients alike.
     *
     * @param input {@code [..., d]}
     * @param rows {@code [k, d]}
     * @return {@code [k m, d]}
     * @throws IllegalArgumentException naming both shapes if the rows are not {@code [k, d]}
     */
    public static Tensor ofSums(Tensor input, Tensor rows) {
        return ActivationKernels.reluOfSums(input, rows);
    }

    /**
     * {@code relu(layer.forward(input))} as one autodiff node: a hidden layer, its activation applied to the matrix
     * product's output in place, without the activation's own node and tensor (a deep Markov model's transition and
     * emitter networks make several at every time step). Values and gradients are those of {@code
     * layer.forward(input).relu()} to the bit: derivative 0 at exactly 0, NaN propagated.
     *
     * @param layer the affine layer
     * @param input {@code [..., in]}
     * @return {@code [..., out]}
     * @throws IllegalArgumentException as the layer's {@link Linear#forward} does
     */
    public static Tensor ofLinear(Linear layer, Tensor input) {
        return layer.forward(input, true);
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
