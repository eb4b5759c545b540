package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The binomial distribution, the number of successes in {@code total_count} independent trials, as
 * {@code torch.distributions.Binomial}: {@code P(k) = C(n, k) p^k (1 - p)^(n - k)} on {@code {0, ..., n}}.
 *
 * <p>{@code total_count} is a tensor of non-negative integers; the success probability is {@code probs} in
 * {@code [0, 1]} or {@code logits}; both broadcast to the batch shape. A value must be an integer between 0 and the
 * total count of its batch member.
 *
 * <p>Deviation from torch, deliberate: torch clamps probs to {@code [eps, 1 - eps]}, so at probability 0 or 1 its
 * log-probabilities are off by about {@code n eps} and an impossible count gets a finite value; Trellis is exact
 * (0 for the certain count, {@code -Infinity} for impossible ones, entropy 0). The entropy sums over the support, as
 * torch, and needs one total count for the whole batch (torch raises {@code NotImplementedError} otherwise).
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Binomial implements Distribution {

    private static final String NAME = "Binomial";

    private final Tensor totalCount;
    private final BinaryProbability probability;
    private final int[] batchShape;
    /** The largest total count, the upper end of {@link #support()}. */
    private final long maxCount;

    private Binomial(Tensor totalCount, BinaryProbability probability) {
        this.batchShape = DistributionChecks.batchShapeOf(NAME, 0, totalCount, probability.parameter());
        this.totalCount = totalCount;
        this.probability = probability;
        long max = 0;
        for (double n : totalCount.toArray()) {
            max = Math.max(max, (long) n);
        }
        this.maxCount = max;
    }

    /** {@return the binomial with {@code totalCount} trials of success probability {@code probs}} */
    public static Binomial of(Tensor totalCount, Tensor probs) {
        return new Binomial(checkedCount(totalCount), BinaryProbability.ofProbs(NAME, probs));
    }

    /** {@return the binomial with {@code totalCount} trials of success probability {@code probs}} */
    public static Binomial of(int totalCount, double probs) {
        return of(Tensor.scalar(totalCount), Tensor.scalar(probs));
    }

    /** {@return the binomial with {@code totalCount} trials of success log-odds {@code logits}} */
    public static Binomial ofLogits(Tensor totalCount, Tensor logits) {
        return new Binomial(checkedCount(totalCount), BinaryProbability.ofLogits(NAME, logits));
    }

    /** {@return the binomial with {@code totalCount} trials of success log-odds {@code logits}} */
    public static Binomial ofLogits(int totalCount, double logits) {
        return ofLogits(Tensor.scalar(totalCount), Tensor.scalar(logits));
    }

    /** {@return the number of trials} */
    public Tensor totalCount() {
        return totalCount;
    }

    /** {@return the success probability, {@code sigmoid(logits)} for the logits parameterisation} */
    public Tensor probs() {
        return probability.probs();
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /**
     * {@return the integers {@code 0..total_count}} For a batch whose total counts differ, the interval up to the
     * largest; {@link #logProb(Tensor)} checks each value against its own count.
     */
    @Override
    public Constraint support() {
        return new Constraint.IntegerInterval(0, maxCount);
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /** {@return {@code log C(n, k) + k log p + (n - k) log(1 - p)}, with {@code 0 log 0 = 0}} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        requireWithinCount(value);
        Tensor failures = totalCount.sub(value);
        Tensor logCoefficient = totalCount.add(1.0).lgamma().sub(value.add(1.0).lgamma())
                .sub(failures.add(1.0).lgamma());
        return logCoefficient.add(probability.logLikelihood(value, failures));
    }

    /** {@return one count per batch member: the number of n uniforms below p, so O(n) per draw} */
    @Override
    public Tensor sample(Rng rng) {
        double[] n = totalCount.expand(batchShape).toArray();
        double[] p = probability.probs().expand(batchShape).toArray();
        double[] draws = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            for (long trial = 0; trial < (long) n[i]; trial++) {
                draws[i] += rng.nextDouble() < p[i] ? 1 : 0;
            }
        }
        return Tensor.of(draws, batchShape);
    }

    /** {@return {@code n p}} */
    @Override
    public Tensor mean() {
        return totalCount.mul(probability.probs());
    }

    /** {@return {@code n p (1 - p)}} */
    @Override
    public Tensor variance() {
        Tensor p = probability.probs();
        return totalCount.mul(p).mul(p.neg().add(1.0));
    }

    /**
     * {@return {@code -sum_k P(k) log P(k)} over {@code k = 0..n}, with {@code 0 log 0 = 0}}
     *
     * @throws UnsupportedOperationException if the total counts differ across the batch, as torch
     */
    @Override
    public Tensor entropy() {
        double[] counts = totalCount.toArray();
        for (double n : counts) {
            if (n != maxCount) {
                throw new UnsupportedOperationException(NAME + ".entropy needs one total_count for the whole batch"
                        + " (torch: inhomogeneous total count not supported), got " + ParameterText.of(totalCount));
            }
        }
        int[] supportShape = new int[batchShape.length + 1];
        Arrays.fill(supportShape, 1);
        supportShape[0] = (int) maxCount + 1;
        Tensor logP = logProb(Tensor.arange((int) maxCount + 1).reshape(supportShape));
        Tensor finiteLogP = Tensor.where(logP.eq(Double.NEGATIVE_INFINITY), Tensor.scalar(0.0), logP);
        return logP.exp().mul(finiteLogP).sum(0, false).neg();
    }

    /** Returns e.g. {@code Binomial(total_count=10.0, probs=0.3)}. */
    @Override
    public String toString() {
        return NAME + "(total_count=" + ParameterText.of(totalCount) + ", " + probability + ")";
    }

    private static Tensor checkedCount(Tensor totalCount) {
        return DistributionChecks.requireParameter(NAME, "total_count", totalCount,
                new Constraint.NonNegativeInteger());
    }

    /** The support check against each member's own count, which {@link #support()} cannot express for a batch. */
    private void requireWithinCount(Tensor value) {
        Tensor above = value.gt(totalCount);
        double[] flags = above.toArray();
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == 1) {
                double v = value.expand(above.shape()).toArray()[i];
                double n = totalCount.expand(above.shape()).toArray()[i];
                String at = above.rank() == 0 ? "" : "[" + i + "]";
                throw new IllegalArgumentException("value" + at + " = " + v + " is outside the support "
                        + new Constraint.IntegerInterval(0, (long) n).spec() + " of " + this);
            }
        }
    }
}
