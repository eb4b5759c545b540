package dev.trellis.samples.jsb;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emission factor of the JSB models: for every sequence, step and hidden state, the log-probability of the
 * whole step's 0/1 tones, {@code sum_d log Bernoulli(y[d] | probs_y[state, d])}, as one table {@code [S, T, K]}.
 *
 * <p>The sum over tones is a matrix product of the data with the log-probability tables: ones pick {@code log p},
 * zeros pick {@code log(1 - p)}. Padded steps (all zeros) get a finite value that the forward algorithm ignores.
 *
 * <p>Part of the reference {@link JsbModel}, kept apart from the runtime's sparse
 * {@link dev.trellis.runtime.inference.BernoulliEmissions} kernels that generated programs use, so that it stays an
 * independent oracle for them.
 */
final class ReferenceEmissions {
    private ReferenceEmissions() {}

    /**
     * The emissions of hmm, fhmm, pfhmm and hmm2: {@code y_t[d] ~ Bernoulli(probs_y[state_t, d])}.
     *
     * @param tones the padded 0/1 data {@code [S, T, D]}
     * @param probsY {@code [K, D]}, row k the tones' probabilities in state k
     * @return {@code [S, T, K]}
     */
    static Tensor table(Tensor tones, Tensor probsY) {
        return scored(tones, tones.neg().add(1), probsY);
    }

    /**
     * The emissions of arhmm: {@code y_t[d] ~ Bernoulli(probs_y[x_t, y_{t-1}[d], d])} with {@code y_{-1} = 0}, i.e.
     * each tone has one probability after a silent step ({@code probs_y[:, 0, :]}) and another after a sounding one
     * ({@code probs_y[:, 1, :]}). Each tone of each step is scored by exactly one of the two.
     *
     * @param tones the padded 0/1 data {@code [S, T, D]}
     * @param probsY {@code [K, 2, D]}
     * @return {@code [S, T, K]}
     */
    static Tensor autoregressiveTable(Tensor tones, Tensor probsY) {
        int[] shape = tones.shape();
        Tensor silent = tones.neg().add(1);
        Tensor previous = Tensor.cat(1, Tensor.zeros(shape[0], 1, shape[2]), tones.slice(1, 0, shape[1] - 1));
        Tensor previousSilent = previous.neg().add(1);
        Tensor afterSilence = scored(previousSilent.mul(tones), previousSilent.mul(silent), probsY.select(1, 0));
        Tensor afterSound = scored(previous.mul(tones), previous.mul(silent), probsY.select(1, 1));
        return afterSilence.add(afterSound);
    }

    /**
     * The emissions of nnhmm: {@code y_t[d] ~ Bernoulli(logits = tones_generator(x_t, y_{t-1})[d])} with
     * {@code y_{-1} = 0}. Padded steps are scored too (all zeros after the last notes); the forward algorithm ignores
     * them.
     *
     * @param tones the padded 0/1 data {@code [S, T, D]}
     * @param params the network's parameters by their store names (differentiable; other entries are ignored)
     * @return {@code [S, T, K]}
     */
    static Tensor neural(Tensor tones, Map<String, Tensor> params) {
        int[] shape = tones.shape();
        int sequences = shape[0];
        int steps = shape[1];
        int notes = shape[2];
        TonesGenerator network = TonesGenerator.hmmPy(notes, Rng.seeded(0));
        Map<String, Tensor> values = new LinkedHashMap<>();
        network.namedParameters().keySet().forEach(path -> values.put(path, params.get(TonesGenerator.storeName(path))));
        network.setParameters(values);
        Tensor flat = tones.reshape(sequences * steps, notes);
        Tensor previous = Tensor.cat(1, Tensor.zeros(sequences, 1, notes), tones.slice(1, 0, steps - 1))
                .reshape(sequences * steps, notes);
        return network.referenceLogLikelihoods(previous, flat).reshape(sequences, steps,
                network.hiddenStates());
    }

    /** {@code sum_d ones[d] log p[k, d] + zeros[d] log(1 - p[k, d])}: two matrix products. */
    private static Tensor scored(Tensor ones, Tensor zeros, Tensor probsY) {
        return product(ones, TorchProbabilities.bernoulliLogOne(probsY))
                .add(product(zeros, TorchProbabilities.bernoulliLogZero(probsY)));
    }

    /** {@code data [S, T, D] . logs[K, D]^T} as one 2-D product, reshaped to {@code [S, T, K]}. */
    private static Tensor product(Tensor data, Tensor logs) {
        int[] shape = data.shape();
        Tensor flat = data.reshape(shape[0] * shape[1], shape[2]);
        return flat.matmul(logs.transpose()).reshape(shape[0], shape[1], logs.size(0));
    }
}
