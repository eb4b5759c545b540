package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What torch's single-layer, unidirectional {@code nn.RNN} and {@code nn.GRU} share: the parameters
 * {@code weight_ih_l0 [G H, I]}, {@code weight_hh_l0 [G H, H]}, {@code bias_ih_l0 [G H]}, {@code bias_hh_l0 [G H]}
 * (G gate blocks of H rows), all initialised uniform on {@code [-1/sqrt(H), 1/sqrt(H))}, and the layout of inputs
 * and outputs: batch first {@code [B, T, I]} or time first {@code [T, B, I]}, or unbatched {@code [T, I]}, with
 * {@code h_0} of shape {@code [1, B, H]} ({@code [1, H]} unbatched), zeros when not given.
 *
 * <p>Sequences of different lengths run in one call without padding entering the computation, as torch's packed
 * sequences: with {@code lengths}, sequence b runs its first {@code lengths[b]} steps only, its output is zero past
 * them, and its {@code h_n} is its state after its last step. The whole call is one autodiff node.
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public abstract class RecurrentLayer extends Module {

    private final int inputSize;
    private final int hiddenSize;
    private final boolean batchFirst;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    RecurrentLayer(int gates, int inputSize, int hiddenSize, boolean batchFirst, Rng rng) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(input " + inputSize + ", hidden "
                    + hiddenSize + "): both sizes must be at least 1");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.batchFirst = batchFirst;
        double bound = TorchInit.bound(hiddenSize);
        this.weightIh = addParameter("weight_ih_l0", TorchInit.uniform(rng, bound, gates * hiddenSize, inputSize));
        this.weightHh = addParameter("weight_hh_l0", TorchInit.uniform(rng, bound, gates * hiddenSize, hiddenSize));
        this.biasIh = addParameter("bias_ih_l0", TorchInit.uniform(rng, bound, gates * hiddenSize));
        this.biasHh = addParameter("bias_hh_l0", TorchInit.uniform(rng, bound, gates * hiddenSize));
    }

    /** {@return the number of input features} */
    public int inputSize() {
        return inputSize;
    }

    /** {@return the size of the hidden state} */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@return whether inputs and outputs are batch first ({@code [B, T, ...]}) rather than time first} */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** {@link #forward(Tensor, Tensor, int[])} from a zero state, every sequence running all steps. */
    public RecurrentOutput forward(Tensor input) {
        return forward(input, null, null);
    }

    /** {@link #forward(Tensor, Tensor, int[])} with every sequence running all steps. */
    public RecurrentOutput forward(Tensor input, @Nullable Tensor h0) {
        return forward(input, h0, null);
    }

    /**
     * Runs the layer over a batch of sequences.
     *
     * @param input {@code [B, T, I]} (batch first) or {@code [T, B, I]}, or {@code [T, I]} for one sequence; T at
     *     least 1
     * @param h0 the initial state {@code [1, B, H]} ({@code [1, H]} unbatched), or null for zeros
     * @param lengths each sequence's length in {@code [1, T]}, or null when all run T steps
     * @return every step's state and each sequence's last state
     * @throws IllegalArgumentException naming the layer and the shapes if the input, h0 or lengths do not fit
     */
    public RecurrentOutput forward(Tensor input, @Nullable Tensor h0, int @Nullable [] lengths) {
        return forward(input, h0, lengths, false);
    }

    /**
     * Runs the layer over each sequence from its own last step back to its first (Pyro's DMM guide: {@code
     * reverse_sequences} on the input, the layer, {@code reverse_sequences} on the output), in one node without the
     * two reversed copies: the output at step {@code t} is the state after reading steps {@code L - 1} down to
     * {@code t} of a sequence of length L, zero past L, and {@code h_n} the state after reading its first step.
     *
     * @param input as {@link #forward(Tensor, Tensor, int[])}
     * @param h0 the initial state, read before each sequence's last step, or null for zeros
     * @param lengths each sequence's length in {@code [1, T]}, or null when all run T steps
     * @return every step's state, beside the step it read last, and each sequence's last state
     * @throws IllegalArgumentException naming the layer and the shapes if the input, h0 or lengths do not fit
     */
    public RecurrentOutput forwardReversed(Tensor input, @Nullable Tensor h0, int @Nullable [] lengths) {
        return forward(input, h0, lengths, true);
    }

    private RecurrentOutput forward(Tensor input, @Nullable Tensor h0, int @Nullable [] lengths, boolean reversed) {
        boolean unbatched = input.rank() == 2;
        if ((input.rank() != 2 && input.rank() != 3) || input.size(-1) != inputSize) {
            throw new IllegalArgumentException(this + ": input of shape " + Arrays.toString(input.shape())
                    + " must be [B, T, " + inputSize + "] (or [T, B, " + inputSize + "] when not batch first, [T, "
                    + inputSize + "] unbatched)");
        }
        Tensor batchMajor = unbatched ? input.unsqueeze(0) : batchFirst ? input : input.transpose(0, 1);
        int batch = batchMajor.size(0);
        int steps = batchMajor.size(1);
        if (steps < 1) {
            throw new IllegalArgumentException(this + ": input of shape " + Arrays.toString(input.shape())
                    + " has no steps");
        }
        Tensor state = initialState(h0, batch, unbatched);
        RecurrentBatch layout = RecurrentBatch.of(toString(), batch, steps, lengths, reversed);
        Tensor states = run(layout, batchMajor, state, weightIh.value(), weightHh.value(), biasIh.value(),
                biasHh.value());
        int[] lastRows = new int[batch];
        for (int b = 0; b < batch; b++) {
            lastRows[b] = layout.batchMajorRow(b, layout.length(b) - 1);
        }
        Tensor last = states.reshape(batch * steps, hiddenSize).index(0, lastRows).unsqueeze(0);
        if (unbatched) {
            return new RecurrentOutput(states.squeeze(0), last.squeeze(1));
        }
        return new RecurrentOutput(batchFirst ? states : states.transpose(0, 1), last);
    }

    /**
     * Runs the layer's recurrence as one autodiff node.
     *
     * @param input batch-major {@code [B, T, I]}
     * @param h0 {@code [B, H]}
     * @return the states, batch-major {@code [B, T, H]}, zero past each sequence's length
     */
    abstract Tensor run(RecurrentBatch layout, Tensor input, Tensor h0, Tensor weightIh, Tensor weightHh,
            Tensor biasIh, Tensor biasHh);

    private Tensor initialState(@Nullable Tensor h0, int batch, boolean unbatched) {
        if (h0 == null) {
            return Tensor.zeros(batch, hiddenSize);
        }
        int[] expected = unbatched ? new int[] {1, hiddenSize} : new int[] {1, batch, hiddenSize};
        if (!Arrays.equals(h0.shape(), expected)) {
            throw new IllegalArgumentException(this + ": h_0 of shape " + Arrays.toString(h0.shape())
                    + " must be " + Arrays.toString(expected) + " (one layer, the batch, the hidden size)");
        }
        return h0.reshape(batch, hiddenSize);
    }
}
