package dev.trellis.samples.jsb;

import dev.trellis.runtime.tensor.Tensor;

/**
 * How torch turns the {@code probs} of a Categorical or a Bernoulli into the log-probabilities its {@code log_prob}
 * reads, written out so that values <em>and gradients</em> match torch's.
 *
 * <p>The subtle part is the Categorical: {@code torch.distributions.Categorical(probs)} stores
 * {@code probs / probs.sum(-1, keepdim=True)} and takes the log of that. At a point on the simplex the division
 * changes no value, but it does change the gradient: autograd differentiates {@code f(p / rowsum(p))}, whose partial
 * derivative in {@code p_ij} is {@code g_ij - sum_k p_ik g_ik} (with {@code g} the gradient of {@code f(p)}), the
 * projection of {@code g} onto the rows' tangent space. Pyro's gradients with respect to {@code probs_x} and
 * {@code probs_w} are those projected values, so the division must be in the expression being differentiated. The
 * Bernoulli does not renormalise, and neither does the Dirichlet prior (its {@code log_prob} takes {@code log(value)}
 * directly).
 *
 * <p>Both go through torch's {@code clamp_probs} ({@code [eps, 1 - eps]}, eps the double machine epsilon) before the
 * log, which changes nothing for the JSB parameters (all far inside) but keeps {@code log 0} finite as torch does.
 * torch computes the Bernoulli's {@code log_prob} as {@code -binary_cross_entropy_with_logits}; that equals
 * {@code y log p + (1 - y) log(1 - p)} up to rounding, which is the form used here.
 */
final class TorchProbabilities {
    /** torch's {@code finfo(float64).eps}: {@code clamp_probs} keeps probabilities in {@code [EPS, 1 - EPS]}. */
    static final double EPS = Math.ulp(1.0);

    private TorchProbabilities() {}

    /**
     * Returns the log-probabilities a {@code Categorical(probs)} scores with, rows along the last dimension.
     *
     * @param probs non-negative rows (any leading shape)
     * @return {@code log(clamp(probs / rowsum(probs)))}, differentiable in {@code probs}
     */
    static Tensor categoricalLog(Tensor probs) {
        return probs.div(probs.sum(-1, true)).clamp(EPS, 1 - EPS).log();
    }

    /**
     * Returns {@code log p} of a {@code Bernoulli(probs)}: the log-probability of a 1.
     *
     * @param probs probabilities of a 1
     * @return {@code log(clamp(probs))}
     */
    static Tensor bernoulliLogOne(Tensor probs) {
        return probs.clamp(EPS, 1 - EPS).log();
    }

    /**
     * Returns {@code log(1 - p)} of a {@code Bernoulli(probs)}: the log-probability of a 0.
     *
     * @param probs probabilities of a 1
     * @return {@code log1p(-clamp(probs))}
     */
    static Tensor bernoulliLogZero(Tensor probs) {
        return probs.clamp(EPS, 1 - EPS).neg().log1p();
    }
}
