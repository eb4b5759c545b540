package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;

/**
 * The KL divergence rules of the Normal family, registered by {@link Normal}'s class initializer with
 * {@link KlDivergence#register}.
 */
final class KlNormal {

    private KlNormal() {
    }

    /**
     * {@code KL(N(m1, s1) || N(m2, s2)) = 1/2 (r + ((m1 - m2) / s2)^2 - 1 - log r)} with {@code r = (s1 / s2)^2}, as
     * torch's {@code _kl_normal_normal}. Written with the ratio rather than {@code log s2 - log s1} so that equal
     * distributions give exactly 0.
     */
    static Tensor normalNormal(Normal p, Normal q) {
        Tensor varianceRatio = p.scale().div(q.scale()).square();
        Tensor meanTerm = p.loc().sub(q.loc()).div(q.scale()).square();
        return varianceRatio.add(meanTerm).sub(1).sub(varianceRatio.log()).mul(0.5);
    }
}
