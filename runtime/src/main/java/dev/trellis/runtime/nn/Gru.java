package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.GRU} with one layer, one direction and biases; the equations are {@link GruKernel}'s. Parameters,
 * in torch's order and row layout: {@code weight_ih_l0 [3H, I]} (rows {@code [W_ir; W_iz; W_in]}),
 * {@code weight_hh_l0 [3H, H]} ({@code [W_hr; W_hz; W_hn]}), {@code bias_ih_l0 [3H]}, {@code bias_hh_l0 [3H]}.
 * Layouts, ragged lengths and initialisation as {@link RecurrentLayer} says; the recurrence and its backward pass are
 * one autodiff node on matrix products over the whole batch.
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public final class Gru extends RecurrentLayer {

    /**
     * A layer initialised as torch does.
     *
     * @param inputSize the number of input features, at least 1
     * @param hiddenSize the size of the state, at least 1
     * @param batchFirst whether inputs and outputs are {@code [B, T, ...]} (else {@code [T, B, ...]})
     * @param rng the stream the initial values are drawn from, in parameter order
     */
    public Gru(int inputSize, int hiddenSize, boolean batchFirst, Rng rng) {
        super(3, inputSize, hiddenSize, batchFirst, rng);
    }

    @Override
    Tensor run(RecurrentBatch layout, Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh, Tensor biasIh,
            Tensor biasHh) {
        return GruKernel.run(layout, input, h0, weightIh, weightHh, biasIh, biasHh);
    }

    @Override
    public String toString() {
        return "Gru(" + inputSize() + ", " + hiddenSize() + (batchFirst() ? ", batch_first" : "") + ")";
    }
}
