package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The success probability of Bernoulli, Binomial and Geometric, given either as {@code probs} or as {@code logits}
 * (log-odds), as torch's families take exactly one of the two.
 *
 * <p>torch turns probs into logits through {@code log(p) - log1p(-p)} after clamping p to {@code [eps, 1 - eps]}, so
 * an outcome of probability zero gets about -36.04. Here each parameterisation keeps its own exact formulas instead:
 * from probs, {@code log p} and {@code log(1 - p)} directly, with {@code 0 log 0 = 0}; from logits,
 * {@code log p = -softplus(-logits)} and {@code log(1 - p) = -softplus(logits)}, finite for every finite logit (a
 * logit of -1000 gives {@code log p = -1000}, where {@code sigmoid} underflows to 0).
 */
final class BinaryProbability {

    /** From logits: computed when first asked for (scoring data needs only the logits). */
    private volatile @Nullable Tensor probs;
    /** Null when the probability was given as probs. */
    private final @Nullable Tensor logits;

    private BinaryProbability(@Nullable Tensor probs, @Nullable Tensor logits) {
        this.probs = probs;
        this.logits = logits;
    }

    /** Checks {@code 0 <= probs <= 1}, torch's {@code unit_interval}. */
    static BinaryProbability ofProbs(String distribution, Tensor probs) {
        DistributionChecks.requireParameter(distribution, "probs", probs, new Constraint.UnitInterval());
        return new BinaryProbability(probs, null);
    }

    /** Checks that no logit is NaN, torch's {@code real}. */
    static BinaryProbability ofLogits(String distribution, Tensor logits) {
        DistributionChecks.requireParameter(distribution, "logits", logits, new Constraint.Real());
        return new BinaryProbability(null, logits);
    }

    /** Logits already checked for NaN (as {@link SharedRows}, in place). */
    static BinaryProbability ofCheckedLogits(Tensor logits) {
        return new BinaryProbability(null, logits);
    }

    /** {@return the success probability; {@code sigmoid(logits)} when given as logits, as torch} */
    Tensor probs() {
        Tensor p = probs;
        if (p == null) {
            p = logits.sigmoid();   // a race computes it twice, to the same value
            probs = p;
        }
        return p;
    }

    /** {@return the logits when given as logits, else null} */
    @Nullable Tensor logits() {
        return logits;
    }

    /** {@return the given tensor: probs or logits} */
    Tensor parameter() {
        return logits != null ? logits : probs();
    }

    /**
     * Returns {@code successes * log p + failures * log(1 - p)} with {@code 0 * log 0 = 0}: the log-likelihood of
     * Bernoulli (1 trial), Binomial (n trials, without the binomial coefficient) and Geometric (one success after
     * k failures). A zero count contributes exactly 0 and no gradient, so {@code p = 0} or {@code p = 1} gives
     * neither NaN values nor NaN gradients.
     */
    Tensor logLikelihood(Tensor successes, Tensor failures) {
        if (logits != null) {
            if (!successes.requiresGrad() && !failures.requiresGrad()) {
                return BinaryLogitsKernel.logLikelihood(successes, failures, logits);
            }
            return weighted(successes, logits.neg().softplus().neg()).add(weighted(failures,
                    logits.softplus().neg()));
        }
        if (!successes.requiresGrad() && !failures.requiresGrad()) {
            return BinaryProbsKernel.logLikelihood(successes, failures, probs());
        }
        // log is taken of a safe stand-in where the count is zero: where() passes a zero adjoint to the branch it
        // did not take, and 0 times the infinite slope of log at 0 would be NaN.
        Tensor noSuccess = successes.eq(0.0);
        Tensor noFailure = failures.eq(0.0);
        Tensor p = probs();
        Tensor logP = Tensor.where(noSuccess, Tensor.scalar(1.0), p).log();
        Tensor log1mP = Tensor.where(noFailure, Tensor.scalar(0.0), p).neg().log1p();
        return Tensor.where(noSuccess, Tensor.scalar(0.0), successes.mul(logP))
                .add(Tensor.where(noFailure, Tensor.scalar(0.0), failures.mul(log1mP)));
    }

    /**
     * Returns the entropy of one trial, {@code -(p log p + (1 - p) log(1 - p))}. From probs it is exact, 0 at
     * {@code p = 0} and {@code p = 1}. From logits it is torch's {@code binary_cross_entropy_with_logits(logits, p)}
     * = {@code softplus(logits) - logits * p}: the same value, and, as torch, exactly 0 once sigmoid saturates
     * (logits 50 gives 0 where the exact entropy is about 1e-20).
     */
    Tensor entropy() {
        if (logits != null) {
            return logits.softplus().sub(logits.mul(probs()));
        }
        Tensor p = probs();
        Tensor q = p.neg().add(1.0);
        return logLikelihood(p, q).neg();
    }

    /** {@return e.g. {@code probs=0.3} or {@code logits=[0.5, -1.0]}} */
    @Override
    public String toString() {
        return (logits != null ? "logits=" : "probs=") + ParameterText.of(parameter());
    }

    private static Tensor weighted(Tensor count, Tensor logProbability) {
        // 0 * (-Infinity) would be NaN for an infinite logit; a zero count contributes 0 whatever the logit.
        return Tensor.where(count.eq(0.0), Tensor.scalar(0.0), count.mul(logProbability));
    }
}
