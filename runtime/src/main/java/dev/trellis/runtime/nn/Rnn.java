package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.RNN} with one layer, one direction and biases:
 * {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} with act tanh or relu. Parameters, in torch's order:
 * {@code weight_ih_l0 [H, I]}, {@code weight_hh_l0 [H, H]}, {@code bias_ih_l0 [H]}, {@code bias_hh_l0 [H]}. Layouts,
 * ragged lengths and initialisation as {@link RecurrentLayer} says; the recurrence and its backward pass are one
 * autodiff node on EJML products over the whole batch.
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public final class Rnn extends RecurrentLayer {

    /** The activation of the recurrence, torch's {@code nonlinearity}. */
    public enum Nonlinearity {
        /** {@code tanh}, torch's default. */
        TANH,
        /** {@code relu}, with derivative 0 at 0. */
        RELU
    }

    private final Nonlinearity nonlinearity;

    /**
     * A layer initialised as torch does.
     *
     * @param inputSize the number of input features, at least 1
     * @param hiddenSize the size of the state, at least 1
     * @param nonlinearity tanh or relu
     * @param batchFirst whether inputs and outputs are {@code [B, T, ...]} (else {@code [T, B, ...]})
     * @param rng the stream the initial values are drawn from, in parameter order
     */
    public Rnn(int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean batchFirst, Rng rng) {
        super(1, inputSize, hiddenSize, batchFirst, rng);
        this.nonlinearity = nonlinearity;
    }

    /** {@return the activation} */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    Tensor run(RecurrentBatch layout, Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh, Tensor biasIh,
            Tensor biasHh) {
        return RnnKernel.run(layout, nonlinearity == Nonlinearity.RELU, input, h0, weightIh, weightHh, biasIh,
                biasHh);
    }

    @Override
    public String toString() {
        return "Rnn(" + inputSize() + ", " + hiddenSize() + ", " + nonlinearity.name().toLowerCase(java.util.Locale.ROOT)
                + (batchFirst() ? ", batch_first" : "") + ")";
    }
}
