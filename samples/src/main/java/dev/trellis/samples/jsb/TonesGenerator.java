package dev.trellis.samples.jsb;

import dev.trellis.runtime.distributions.SharedRows;
import dev.trellis.runtime.nn.Conv1d;
import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.nn.Relu;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.RepeatedRows;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * hmm.py's {@code TonesGenerator} (model_5, the nnHMM): the logits of the notes at a step from the hidden state x
 * (one-hot) and a convolution of the previous step's notes,
 * {@code hidden_to_logits(relu(x_to_hidden(one_hot(x)) + y_to_hidden(relu(conv(y)) flattened channel-major)))}, with
 * {@code conv = Conv1d(1, channels, 3, padding = 1)}: every tone's logit reads its neighbours' previous values.
 * Parameters in torch's order ({@code x_to_hidden}, {@code y_to_hidden}, {@code conv}, {@code hidden_to_logits}, each
 * weight then bias), initialised as torch does.
 *
 * <p><b>Batches.</b> The notes may have any leading dimensions ({@code [..., tones]}), as in Pyro's vectorised model:
 * the DSL's batched evidence hands {@link NnHmm#y} a block of instances ({@code [n, tones]}), the inference class's
 * {@code simulate} one step ({@code [tones]}).
 *
 * <p><b>Work shared between hidden states.</b> The batched evidence calls the site method once per hidden state with
 * the same block tensor. On the first call the network computes every state's logits at once and keeps them while
 * the notes and the parameters are the same tensors: the part that reads the notes ({@code y_to_hidden} of the
 * convolution) once, then the hidden layer of every state ({@link Relu#ofSums}) and {@code hidden_to_logits} as one
 * node, one matrix product over all states that never stores the hidden layer ({@link
 * dev.trellis.runtime.nn.Linear#forwardOfReluSums}); each call then hands out its state's rows of that product as
 * {@link SharedRows} ({@link #logitRows}), which the batched evidence scores in place and differentiates into the
 * shared product (where the shared parts' gradients collect every state's share), or copies them out
 * ({@link #logits}, one gather on the autodiff tape). The network runs on the block's distinct rows of
 * notes only (chorales hold chords: in a batch of 8, about half the steps repeat an earlier step's notes). Thread-safe:
 * the memo is one immutable record.
 */
public final class TonesGenerator extends Module {

    /** The network's name in hmm.py's {@code pyro.module} call and in the parameter store. */
    public static final String NAME = "tones_generator";
    /** hmm.py's default {@code hidden_dim}. */
    public static final int HIDDEN = 16;
    /** hmm.py's default {@code nn_dim}. */
    public static final int NN_DIM = 48;
    /** hmm.py's default {@code nn_channels}. */
    public static final int NN_CHANNELS = 2;

    private final int hiddenStates;
    private final int tones;
    private final Linear xToHidden;
    private final Linear yToHidden;
    private final Conv1d conv;
    private final Linear hiddenToLogits;
    private volatile @Nullable BlockLogits memo;

    /**
     * The network with torch's default initialisation.
     *
     * @param hiddenStates hmm.py's {@code hidden_dim} (16)
     * @param tones the notes per step (51 for the chorales)
     * @param nnDim hmm.py's {@code nn_dim} (48)
     * @param channels hmm.py's {@code nn_channels} (2)
     * @param rng the stream the initial values are drawn from, in parameter order
     */
    public TonesGenerator(int hiddenStates, int tones, int nnDim, int channels, Rng rng) {
        this.hiddenStates = hiddenStates;
        this.tones = tones;
        xToHidden = addModule("x_to_hidden", new Linear(hiddenStates, nnDim, rng));
        yToHidden = addModule("y_to_hidden", new Linear(channels * tones, nnDim, rng));
        conv = addModule("conv", new Conv1d(1, channels, 3, 1, rng));
        hiddenToLogits = addModule("hidden_to_logits", new Linear(nnDim, tones, rng));
    }

    /**
     * hmm.py's network with its argparse defaults: 16 hidden states, {@code nn_dim = 48}, {@code nn_channels = 2}.
     *
     * @param tones the notes per step
     * @param rng the stream torch's default initialisation draws from
     */
    public static TonesGenerator hmmPy(int tones, Rng rng) {
        return new TonesGenerator(HIDDEN, tones, NN_DIM, NN_CHANNELS, rng);
    }

    /** {@return the parameter-store name of the parameter at {@code path}, e.g. {@code tones_generator$$$conv.bias}} */
    public static String storeName(String path) {
        return Module.storeName(NAME, path);
    }

    /** {@return the number of hidden states} */
    public int hiddenStates() {
        return hiddenStates;
    }

    /** {@return the notes per step} */
    public int tones() {
        return tones;
    }

    /**
     * The logits of the notes given the hidden state and the previous step's notes.
     *
     * @param x the hidden state, in {@code [0, hiddenStates)}
     * @param notes the previous step's notes {@code [..., tones]}
     * @return {@code [..., tones]}
     */
    public Tensor logits(int x, Tensor notes) {
        return logitRows(x, notes).tensor();
    }

    /**
     * The logits of the notes given the hidden state and the previous step's notes, as rows of the product that holds
     * every state's logits for the block's distinct rows of notes (no copy until {@link SharedRows#tensor()}).
     *
     * @param x the hidden state, in {@code [0, hiddenStates)}
     * @param notes the previous step's notes {@code [..., tones]}
     * @return rows of shape {@code [..., tones]}
     */
    public SharedRows logitRows(int x, Tensor notes) {
        if (x < 0 || x >= hiddenStates) {
            throw new IllegalArgumentException("hidden state " + x + " is outside [0, " + hiddenStates + ")");
        }
        return blockLogits(notes).of(x);
    }

    /**
     * The reference formulation of the nnHMM's emissions, for {@link JsbModel}: every step's log-likelihood under every
     * hidden state, the one-hot states through {@code x_to_hidden} as a matrix product, no memo.
     *
     * @param previous each step's previous notes {@code [N, tones]} (zeros before a sequence's first step)
     * @param current each step's notes {@code [N, tones]}, 0 or 1
     * @return {@code [N, hiddenStates]}: {@code sum_d log Bernoulli(current[n, d] | logits(k, previous[n])[d])}
     */
    Tensor referenceLogLikelihoods(Tensor previous, Tensor current) {
        int n = previous.size(0);
        Tensor convolved = conv.forward(previous.reshape(n, 1, tones)).relu().reshape(n, -1);
        Tensor fromNotes = yToHidden.forward(convolved);
        Tensor fromStates = xToHidden.forward(Tensor.eye(hiddenStates));   // row k: x_to_hidden(one_hot(k))
        Tensor[] columns = new Tensor[hiddenStates];
        for (int k = 0; k < hiddenStates; k++) {   // one state at a time: [N, tones] tensors, not [K, N, tones]
            Tensor logits = hiddenToLogits.forward(fromNotes.add(fromStates.select(0, k)).relu());
            // log Bernoulli(y | l) = y l - softplus(l), torch's -binary_cross_entropy_with_logits
            columns[k] = logits.mul(current).sub(logits.softplus()).sum(1, false);
        }
        return Tensor.stack(1, columns);
    }

    /**
     * Every hidden state's logits for the block's distinct rows of notes, reused while the notes and the parameters are
     * the same tensors.
     */
    private BlockLogits blockLogits(Tensor notes) {
        int[] shape = notes.shape();
        if (shape.length == 0 || shape[shape.length - 1] != tones) {
            throw new IllegalArgumentException("notes of shape " + Arrays.toString(shape) + " do not end in the "
                    + tones + " tones");
        }
        Tensor[] inputs = {notes, conv.weight().value(), conv.bias().value(), yToHidden.weight().value(),
                yToHidden.bias().value(), xToHidden.weight().value(), xToHidden.bias().value(),
                hiddenToLogits.weight().value(), hiddenToLogits.bias().value()};
        BlockLogits last = memo;
        if (last != null && last.isFor(inputs)) {
            return last;
        }
        int rows = notes.numElements() / tones;
        Tensor flat = notes.reshape(rows, tones);
        RepeatedRows repeats = RepeatedRows.of(flat.valuesWithoutCopy(), rows, tones);
        int[] distinct = repeats.slotOfRow();
        int[] first = repeats.firstRows();
        int unique = first.length;
        Tensor uniqueRows = unique == rows ? flat : flat.index(0, first);
        Tensor convolved = conv.forward(uniqueRows.reshape(unique, 1, tones)).relu();   // [U, channels, tones]
        // channel-major, as torch's reshape
        Tensor fromNotes = yToHidden.forward(convolved.reshape(unique, convolved.numElements() / unique));
        // row k: x_to_hidden(one_hot(k)), the weight's column k plus the bias
        Tensor fromStates = xToHidden.weight().value().transpose().add(xToHidden.bias().value());
        // [K U, nnDim] -> [K U, tones]: one product for every state and distinct row, the hidden layer a block at
        // a time
        Tensor logits = hiddenToLogits.forwardOfReluSums(fromNotes, fromStates);
        BlockLogits part = new BlockLogits(inputs, logits, unique, distinct, Arrays.copyOf(shape, shape.length));
        memo = part;
        return part;
    }

    /**
     * The logits of one block: what they were computed from (compared by identity), every hidden state's logits on the
     * block's distinct rows of notes ({@code [K U, tones]}, state-major), and which distinct row each of the block's
     * rows is. Music holds chords, so about half of a batch's steps repeat an earlier step's notes: the network runs
     * on the distinct rows only, and {@link #of} hands out a state's rows of the logits for every row of the block
     * (their gradients sum into the shared logits).
     */
    private record BlockLogits(Tensor[] inputs, Tensor logits, int unique, int[] distinct, int[] shape) {
        boolean isFor(Tensor[] others) {
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k] != others[k]) {
                    return false;
                }
            }
            return true;
        }

        /** {@return the logits of every row of the block under hidden state x, {@code [..., tones]}} */
        SharedRows of(int x) {
            int[] rows = new int[distinct.length];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = x * unique + distinct[r];
            }
            return SharedRows.of(logits, rows, shape);
        }
    }
}
