package dev.trellis.runtime.inference;

import dev.trellis.runtime.tensor.Tensor;

/**
 * The log tables of an enumerated chain with a vectorised Bernoulli observation, as a generated program tabulates
 * them once per run from the model's methods: differentiable when the globals they were computed from are.
 *
 * @param logInit [K], the first step's log-probabilities
 * @param logTrans [K, K], row = previous state
 * @param logP1 [K, D], {@code log p(y_d = 1 | state)}
 * @param logP0 [K, D], {@code log p(y_d = 0 | state)}
 */
public record BernoulliChainTables(Tensor logInit, Tensor logTrans, Tensor logP1, Tensor logP0) {

    /** {@return K, the number of states} */
    public int numStates() {
        return logInit.size(0);
    }
}
