package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(p || q) = E_p[log p - log q]} (natural log) between two members
 * of the same family, with torch's formulas ({@code torch.distributions.kl}): Gamma, Beta and Dirichlet. Each is
 * built from differentiable tensor operations, so gradients reach the parameters of p and q, and broadcasts the two
 * batch shapes. A dispatcher that picks the method by the pair's classes lives elsewhere; these are its cases.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class KlGammaBetaDirichlet {

    private KlGammaBetaDirichlet() {
    }

    /**
     * Returns {@code KL(Gamma(a_p, b_p) || Gamma(a_q, b_q))} =
     * {@code a_q log(b_p / b_q) + lgamma(a_q) - lgamma(a_p) + (a_p - a_q) digamma(a_p) + (b_q - b_p) a_p / b_p}.
     *
     * @param p the distribution the expectation is taken under
     * @param q the reference distribution
     * @return shape: the broadcast batch shape
     */
    public static Tensor gammaGamma(Gamma p, Gamma q) {
        Tensor alphaP = p.concentration();
        Tensor alphaQ = q.concentration();
        Tensor rateP = p.rate();
        Tensor rateQ = q.rate();
        Tensor t1 = alphaQ.mul(rateP.div(rateQ).log());
        Tensor t2 = alphaQ.lgamma().sub(alphaP.lgamma());
        Tensor t3 = alphaP.sub(alphaQ).mul(alphaP.digamma());
        Tensor t4 = rateQ.sub(rateP).mul(alphaP.div(rateP));
        return t1.add(t2).add(t3).add(t4);
    }

    /**
     * Returns {@code KL(Beta(a_p, b_p) || Beta(a_q, b_q))} =
     * {@code log B(a_q, b_q) - log B(a_p, b_p) + (a_p - a_q) digamma(a_p) + (b_p - b_q) digamma(b_p)
     * + (s_q - s_p) digamma(s_p)} with {@code s = a + b}. The two log-beta sums are formed term by term in the same
     * order, so {@code KL(p || p)} is exactly 0.
     *
     * @param p the distribution the expectation is taken under
     * @param q the reference distribution
     * @return shape: the broadcast batch shape
     */
    public static Tensor betaBeta(Beta p, Beta q) {
        Tensor sumP = p.concentration1().add(p.concentration0());
        Tensor sumQ = q.concentration1().add(q.concentration0());
        Tensor t1 = q.concentration1().lgamma().add(q.concentration0().lgamma()).add(sumP.lgamma());
        Tensor t2 = p.concentration1().lgamma().add(p.concentration0().lgamma()).add(sumQ.lgamma());
        Tensor t3 = p.concentration1().sub(q.concentration1()).mul(p.concentration1().digamma());
        Tensor t4 = p.concentration0().sub(q.concentration0()).mul(p.concentration0().digamma());
        Tensor t5 = sumQ.sub(sumP).mul(sumP.digamma());
        return t1.sub(t2).add(t3).add(t4).add(t5);
    }

    /**
     * Returns {@code KL(Dirichlet(alpha) || Dirichlet(beta))} = {@code lgamma(sum alpha) - lgamma(sum beta)
     * - sum (lgamma(alpha) - lgamma(beta)) + sum (alpha - beta) (digamma(alpha) - digamma(sum alpha))}.
     *
     * @param p the distribution the expectation is taken under
     * @param q the reference distribution
     * @return shape: the broadcast batch shape (the event dimension is summed)
     * @throws IllegalArgumentException if the two have different numbers of categories
     */
    public static Tensor dirichletDirichlet(Dirichlet p, Dirichlet q) {
        if (p.categories() != q.categories()) {
            throw new IllegalArgumentException("KL(" + p + " || " + q + "): the distributions have " + p.categories()
                    + " and " + q.categories() + " categories; KL needs the same simplex");
        }
        Tensor alpha = p.concentration();
        Tensor beta = q.concentration();
        Tensor sumAlpha = alpha.sum(-1, false);
        Tensor t1 = sumAlpha.lgamma().sub(beta.sum(-1, false).lgamma());
        Tensor t2 = alpha.lgamma().sub(beta.lgamma()).sum(-1, false);
        Tensor t3 = alpha.sub(beta);
        Tensor t4 = alpha.digamma().sub(sumAlpha.digamma().unsqueeze(-1));
        return t1.sub(t2).add(t3.mul(t4).sum(-1, false));
    }
}
