package dev.trellis.runtime.nn.nnhmm;

import dev.trellis.runtime.nn.Conv1d;
import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * hmm.py's {@code TonesGenerator} (model_5, the nnHMM): the logits of the notes at step t from the hidden state x_t
 * (one-hot) and a convolution of the previous step's notes y_{t-1}:
 * {@code hidden_to_logits(relu(x_to_hidden(onehot(x)) + y_to_hidden(relu(conv(y)) flattened channel-major)))}.
 */
final class TonesGenerator extends Module {

    private final int hiddenStates;
    private final int tones;
    private final Linear xToHidden;
    private final Linear yToHidden;
    private final Conv1d conv;
    private final Linear hiddenToLogits;

    TonesGenerator(int hiddenStates, int tones, int nnDim, int channels, Rng rng) {
        this.hiddenStates = hiddenStates;
        this.tones = tones;
        xToHidden = addModule("x_to_hidden", new Linear(hiddenStates, nnDim, rng));
        yToHidden = addModule("y_to_hidden", new Linear(channels * tones, nnDim, rng));
        conv = addModule("conv", new Conv1d(1, channels, 3, 1, rng));
        hiddenToLogits = addModule("hidden_to_logits", new Linear(nnDim, tones, rng));
    }

    /**
     * The Bernoulli log-likelihood of every step's notes under every hidden state, for a batch of steps.
     *
     * @param previous each step's previous notes {@code [N, tones]} (zeros before a sequence's first step)
     * @param current each step's notes {@code [N, tones]}, 0 or 1
     * @return {@code [N, hiddenStates]}: {@code sum_d log Bernoulli(current[n, d] | logits(k, previous[n])[d])}
     */
    Tensor logLikelihoods(Tensor previous, Tensor current) {
        int n = previous.size(0);
        Tensor convolved = conv.forward(previous.reshape(n, 1, tones)).relu().reshape(n, -1);
        Tensor fromNotes = yToHidden.forward(convolved);
        Tensor fromStates = xToHidden.forward(Tensor.eye(hiddenStates));   // row k: x_to_hidden(one_hot(k))
        Tensor hidden = fromNotes.unsqueeze(0).add(fromStates.unsqueeze(1)).relu();   // [K, N, nnDim]
        Tensor logits = hiddenToLogits.forward(hidden);                                // [K, N, tones]
        // log Bernoulli(y | l) = y l - softplus(l), torch's -binary_cross_entropy_with_logits
        Tensor logProbs = logits.mul(current.unsqueeze(0)).sub(logits.softplus()).sum(2, false);
        return logProbs.transpose(0, 1);
    }
}
