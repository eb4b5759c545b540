package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The geometric distribution, as {@code torch.distributions.Geometric}: the number of failures before the first
 * success, {@code P(k) = (1 - p)^k p} on {@code {0, 1, 2, ...}} (not the number of trials, which starts at 1).
 *
 * <p>Parameterised by the success probability {@code probs} in {@code (0, 1]} (torch checks {@code unit_interval}
 * and then {@code probs > 0}, since at 0 no success ever comes) or by {@code logits}; any shape forms the batch.
 * At {@code p = 1} the count 0 is certain: log-probability 0, as torch special-cases it.
 *
 * <p>Deviation from torch, deliberate and of the same cause as Bernoulli's: torch's entropy goes through logits
 * clamped to {@code [eps, 1 - eps]} and gives {@code 2.2e-16} at {@code p = 1}; Trellis gives the exact 0.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Geometric implements Distribution {

    private static final String NAME = "Geometric";

    private final BinaryProbability probability;

    private Geometric(BinaryProbability probability) {
        this.probability = probability;
    }

    /** {@return the geometric with success probability {@code probs}, every entry in (0, 1]} */
    public static Geometric of(Tensor probs) {
        BinaryProbability probability = BinaryProbability.ofProbs(NAME, probs);
        DistributionChecks.requireParameter(NAME, "probs", probs, new Constraint.GreaterThan(0));
        return new Geometric(probability);
    }

    /** {@return the geometric with scalar success probability {@code probs} in (0, 1]} */
    public static Geometric of(double probs) {
        return of(Tensor.scalar(probs));
    }

    /** {@return the geometric with success log-odds {@code logits}} */
    public static Geometric ofLogits(Tensor logits) {
        return new Geometric(BinaryProbability.ofLogits(NAME, logits));
    }

    /** {@return the geometric with scalar success log-odds {@code logits}} */
    public static Geometric ofLogits(double logits) {
        return ofLogits(Tensor.scalar(logits));
    }

    /** {@return the success probability, {@code sigmoid(logits)} for the logits parameterisation} */
    public Tensor probs() {
        return probability.probs();
    }

    @Override
    public int[] batchShape() {
        return probability.parameter().shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.NonNegativeInteger();
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /** {@return {@code log p + k log(1 - p)}, 0 for {@code k = 0} at {@code p = 1}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return probability.logLikelihood(Tensor.onesLike(value), value);
    }

    /** {@return {@code floor(log u / log(1 - p))} for one uniform u in (0, 1] per batch member, as torch} */
    @Override
    public Tensor sample(Rng rng) {
        double[] p = probability.probs().toArray();
        double[] draws = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double u = 1 - rng.nextDouble();
            // At p = 1, log1p(-1) = -Infinity and the quotient is -0.0; adding 0.0 makes it 0.
            draws[i] = Math.floor(Math.log(u) / Math.log1p(-p[i])) + 0.0;
        }
        return Tensor.of(draws, batchShape());
    }

    /** {@return {@code 1 / p - 1}} */
    @Override
    public Tensor mean() {
        return probability.probs().pow(-1).sub(1.0);
    }

    /** {@return {@code (1 / p - 1) / p}} */
    @Override
    public Tensor variance() {
        Tensor p = probability.probs();
        return p.pow(-1).sub(1.0).div(p);
    }

    /** {@return the entropy of one trial divided by p} */
    @Override
    public Tensor entropy() {
        return probability.entropy().div(probability.probs());
    }

    /** Returns e.g. {@code Geometric(probs=0.3)}. */
    @Override
    public String toString() {
        return NAME + "(" + probability + ")";
    }
}
