package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.random.Weights;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The categorical distribution over {@code {0, ..., K-1}}, as {@code torch.distributions.Categorical}.
 *
 * <p>From probabilities ({@link #of(Tensor)}, {@link #ofProbs(double...)}): the vector must lie on the
 * probability simplex as torch's {@code constraints.simplex} checks it with Pyro's validation on: every entry
 * finite and {@code >= 0}, and {@code |sum - 1| <= 1e-6}. An accepted vector is then divided by its sum, as
 * torch does, so rounding in user arithmetic does not leak into the log-probabilities.
 * From logits ({@link #ofLogits(double...)}): the probabilities are the softmax of the logits, computed with the
 * maximum subtracted; a logit may be {@code -Infinity} (probability zero) but not NaN or {@code +Infinity}.
 *
 * <p>Differences from torch, both deliberate: {@link #logProb(int)} of a zero-probability category is
 * {@code -Infinity} (torch clamps probabilities to machine epsilon and returns about -36.04), so that
 * impossible evidence is reported as impossible; and unnormalised probability vectors are rejected rather than
 * silently normalised (torch normalises first and validates afterwards), because a vector that does not sum to
 * 1 is almost always a bug in the model.
 */
public final class Categorical implements EnumerableDistribution {

    /** Largest accepted |sum - 1| of a probability vector, torch's simplex tolerance. */
    public static final double SIMPLEX_TOLERANCE = 1e-6;

    private final double[] probs;
    private final double[] logProbs;

    private Categorical(double[] probs, double[] logProbs) {
        this.probs = probs;
        this.logProbs = logProbs;
    }

    /**
     * Creates a categorical distribution from a rank-1 tensor of probabilities.
     *
     * @param probs the probabilities; see the class documentation for the checks
     * @return the distribution
     * @throws IllegalArgumentException if the tensor is not rank 1, or as {@link #ofProbs(double...)}
     */
    public static Categorical of(Tensor probs) {
        if (probs.rank() != 1) {
            throw new IllegalArgumentException("probs must be a rank-1 tensor, got shape "
                    + Arrays.toString(probs.shape()));
        }
        return fromValidatedProbs(probs.toArray());
    }

    /**
     * Creates a categorical distribution from probabilities; the array is copied.
     *
     * @param probs finite, non-negative probabilities summing to 1 within {@link #SIMPLEX_TOLERANCE}
     * @return the distribution, with probabilities divided by their sum
     * @throws IllegalArgumentException if the vector is empty, or naming the index and value of an entry that is
     *     NaN, infinite or negative, or naming the sum if it is off by more than the tolerance
     */
    public static Categorical ofProbs(double... probs) {
        return fromValidatedProbs(probs.clone());
    }

    /**
     * Creates a categorical distribution from unnormalised log-probabilities (logits); the array is not kept.
     *
     * <p>The log-probabilities are {@code logits[k] - logSumExp(logits)}, computed with the maximum subtracted,
     * so they stay exact for logits of any magnitude (e.g. {@code [1000, 0]} gives {@code logProb(1) = -1000}
     * even though its probability underflows to 0).
     *
     * @param logits real numbers or {@code -Infinity}; at least one must be finite
     * @return the distribution
     * @throws IllegalArgumentException if the vector is empty, naming the index of a NaN or {@code +Infinity}
     *     entry, or if every entry is {@code -Infinity}
     */
    public static Categorical ofLogits(double... logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits is empty; a Categorical needs at least one category");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logits.length; k++) {
            if (Double.isNaN(logits[k])) {
                throw new IllegalArgumentException("logits[" + k + "] is NaN");
            }
            if (logits[k] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logits[" + k + "] = Infinity; logits must be finite or"
                        + " -Infinity (probability 0)");
            }
            max = Math.max(max, logits[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every logit is -Infinity; at least one category needs a finite"
                    + " logit");
        }
        double[] probs = new double[logits.length];
        double sum = 0.0;
        for (int k = 0; k < logits.length; k++) {
            probs[k] = Math.exp(logits[k] - max);
            sum += probs[k];
        }
        // sum >= 1 because the maximum contributes exp(0), so its log is safe.
        double logNormaliser = max + Math.log(sum);
        double[] logProbs = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            probs[k] /= sum;
            logProbs[k] = logits[k] - logNormaliser;
        }
        return new Categorical(probs, logProbs);
    }

    /** {@return a copy of the (normalised) probabilities} */
    public double[] probs() {
        return probs.clone();
    }

    /** {@return the number of categories K} */
    public int numCategories() {
        return probs.length;
    }

    /** Returns the number of categories K; the support is {@code {0, ..., K-1}}. */
    @Override
    public int supportSize() {
        return probs.length;
    }

    /**
     * Returns {@code log p_value}; {@code -Infinity} for a category of probability zero.
     *
     * @throws IllegalArgumentException naming the value and the support if the value is outside it
     */
    @Override
    public double logProb(int value) {
        if (value < 0 || value >= probs.length) {
            throw new IllegalArgumentException("value " + value + " is outside the support 0.." + (probs.length - 1)
                    + " of " + this);
        }
        return logProbs[value];
    }

    /**
     * Copies the log-probabilities of all categories into {@code out}.
     *
     * @param out modified: receives {@code log p_k} at index k; length must be {@link #numCategories()}
     * @throws IllegalArgumentException if the length differs
     */
    @Override
    public void logProbsInto(double[] out) {
        if (out.length != logProbs.length) {
            throw new IllegalArgumentException("out has length " + out.length + " but the Categorical has "
                    + logProbs.length + " categories");
        }
        System.arraycopy(logProbs, 0, out, 0, logProbs.length);
    }

    /** Draws a category by inverse CDF, using one {@link Rng#nextDouble()}; zero-probability categories never. */
    @Override
    public int sampleValue(Rng rng) {
        return rng.categorical(probs);
    }

    @Override
    public int[] batchShape() {
        return new int[0];
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /** {@return the integers {@code 0..K-1}} */
    @Override
    public Constraint support() {
        return new Constraint.IntegerInterval(0, probs.length - 1);
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /**
     * Returns the log-probabilities of a tensor of categories (any shape: every entry is one draw).
     *
     * @throws IllegalArgumentException naming the index and value of an entry that is not an integer in 0..K-1
     */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        double[] categories = value.toArray();
        double[] result = new double[categories.length];
        for (int i = 0; i < categories.length; i++) {
            result[i] = logProbs[(int) categories[i]];
        }
        return Tensor.of(result, value.shape());
    }

    /** {@return one category as a scalar tensor} */
    @Override
    public Tensor sample(Rng rng) {
        return Tensor.scalar(sampleValue(rng));
    }

    /** {@return NaN, as torch: the categories are labels, not numbers} */
    @Override
    public Tensor mean() {
        return Tensor.scalar(Double.NaN);
    }

    /** {@return NaN, as torch} */
    @Override
    public Tensor variance() {
        return Tensor.scalar(Double.NaN);
    }

    /** {@return {@code -sum p log p}, with {@code 0 log 0 = 0}} */
    @Override
    public Tensor entropy() {
        double entropy = 0.0;
        for (int k = 0; k < probs.length; k++) {
            if (probs[k] > 0.0) {
                entropy -= probs[k] * logProbs[k];
            }
        }
        return Tensor.scalar(entropy);
    }

    /** Returns e.g. {@code Categorical(probs=[0.2, 0.8])}. */
    @Override
    public String toString() {
        return "Categorical(probs=" + Arrays.toString(probs) + ")";
    }

    private static Categorical fromValidatedProbs(double[] probs) {
        double sum = checkOnSimplex(probs);
        double[] logProbs = new double[probs.length];
        for (int k = 0; k < probs.length; k++) {
            probs[k] /= sum;
            logProbs[k] = Math.log(probs[k]);
        }
        return new Categorical(probs, logProbs);
    }

    /** Checks torch's simplex constraint and returns the sum the caller normalises by. */
    private static double checkOnSimplex(double[] probs) {
        double sum = Weights.checkedSum(probs, "a Categorical needs at least one category");
        if (!(Math.abs(sum - 1.0) <= SIMPLEX_TOLERANCE)) {
            throw new IllegalArgumentException("probs sum to " + sum + ", not 1 (tolerance 1e-6)");
        }
        return sum;
    }
}
