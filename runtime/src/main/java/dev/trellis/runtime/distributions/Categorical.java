package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The categorical distribution over {@code {0, ..., K-1}}, as {@code torch.distributions.Categorical}: a batch of
 * probability vectors, the last dimension of the parameter holding the K categories and the others forming the
 * batch (a {@code [K, K]} transition matrix is a batch of K rows).
 *
 * <p>From probabilities ({@link #of(Tensor)}, {@link #ofProbs(double...)}): every row must lie on the probability
 * simplex as torch's {@code constraints.simplex} checks it with Pyro's validation on: every entry finite and
 * {@code >= 0}, and {@code |sum - 1| <= 1e-6}. An accepted row is then divided by its sum, as torch does, so rounding
 * in user arithmetic does not leak into the log-probabilities. From logits ({@link #ofLogits(Tensor)}): the
 * log-probabilities are {@code logits - logSumExp(logits)}, exact for logits of any magnitude; a logit may be
 * {@code -Infinity} (probability zero) but not NaN or {@code +Infinity}.
 *
 * <p>{@link #logProb(Tensor)}, {@link #entropy()} and {@link #probsTensor()} are differentiable, so gradients reach
 * probabilities or logits that are {@link Tensor#variable variables} (training a transition matrix). The
 * {@link EnumerableDistribution} methods ({@link #logProb(int)}, {@link #logProbsInto}, {@link #sampleValue}) work on
 * precomputed arrays, without the tape, and need the batch shape {@code []}.
 *
 * <p>Differences from torch, both deliberate: the log-probability of a zero-probability category is
 * {@code -Infinity} (torch clamps probabilities to machine epsilon and returns about -36.04), so that impossible
 * evidence is reported as impossible; and unnormalised probability vectors are rejected rather than silently
 * normalised (torch normalises first and validates afterwards), because a vector that does not sum to 1 is almost
 * always a bug in the model.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Categorical implements EnumerableDistribution {

    /** Largest accepted |sum - 1| of a probability vector, torch's simplex tolerance. */
    public static final double SIMPLEX_TOLERANCE = 1e-6;

    private final int[] batchShape;
    private final int numCategories;
    /** Normalised probabilities, {@code batchShape + [K]}, carrying the parameter's graph. */
    private final Tensor probs;
    /** Normalised log-probabilities when built from logits; null when built from probs (logs taken on demand). */
    private final @Nullable Tensor logits;
    /** The values of {@link #probs} and their logs, row-major, for the tape-free methods. */
    private final double[] probValues;
    private final double[] logProbValues;

    private Categorical(Tensor probs, @Nullable Tensor logits) {
        int[] shape = probs.shape();
        this.batchShape = Arrays.copyOf(shape, shape.length - 1);
        this.numCategories = shape[shape.length - 1];
        this.probs = probs;
        this.logits = logits;
        this.probValues = probs.toArray();
        if (logits != null) {
            this.logProbValues = logits.toArray();
        } else {
            this.logProbValues = new double[probValues.length];
            for (int i = 0; i < probValues.length; i++) {
                logProbValues[i] = Math.log(probValues[i]);
            }
        }
    }

    /**
     * Creates categorical distributions from probabilities, one row of the last dimension per batch member.
     *
     * @param probs shape {@code batchShape + [K]}; see the class documentation for the checks
     * @return the distribution, with each row divided by its sum
     * @throws IllegalArgumentException if the tensor is a scalar, or as {@link #ofProbs(double...)} for a bad row
     *     (naming the row for a batch)
     */
    public static Categorical of(Tensor probs) {
        CategoricalChecks.requireSimplexRows(probs);
        return new Categorical(probs.div(probs.sum(-1, true)), null);
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
        return of(Tensor.vector(probs));
    }

    /**
     * Creates categorical distributions from unnormalised log-probabilities (logits), one row per batch member.
     *
     * <p>The log-probabilities are {@code logits - logSumExp(logits)} over the last dimension, computed with the
     * maximum subtracted, so they stay exact for logits of any magnitude (e.g. {@code [1000, 0]} gives
     * {@code logProb(1) = -1000} even though its probability underflows to 0).
     *
     * @param logits shape {@code batchShape + [K]}: real numbers or {@code -Infinity}; each row needs a finite one
     * @return the distribution
     * @throws IllegalArgumentException if the tensor is a scalar or a row is empty, naming the index of a NaN or
     *     {@code +Infinity} entry, or if every entry of a row is {@code -Infinity}
     */
    public static Categorical ofLogits(Tensor logits) {
        CategoricalChecks.requireLogitRows(logits);
        return new Categorical(logits.softmax(-1), logits.logSoftmax(-1));
    }

    /** {@return the distribution with logits {@code logits}; see {@link #ofLogits(Tensor)}} */
    public static Categorical ofLogits(double... logits) {
        return ofLogits(Tensor.vector(logits));
    }

    /** {@return a copy of the (normalised) probabilities, row-major over the batch} */
    public double[] probs() {
        return probValues.clone();
    }

    /** {@return the normalised probabilities, shape {@code batchShape + [K]}, differentiable in the parameter} */
    public Tensor probsTensor() {
        return probs;
    }

    /** {@return the number of categories K} */
    public int numCategories() {
        return numCategories;
    }

    /** Returns the number of categories K; the support is {@code {0, ..., K-1}}. */
    @Override
    public int supportSize() {
        return numCategories;
    }

    /**
     * Returns {@code log p_value}; {@code -Infinity} for a category of probability zero.
     *
     * @throws IllegalArgumentException naming the value and the support if the value is outside it
     * @throws IllegalStateException if the batch shape is not {@code []}
     */
    @Override
    public double logProb(int value) {
        requireUnbatched("logProb(int)");
        if (value < 0 || value >= numCategories) {
            throw new IllegalArgumentException("value " + value + " is outside the support 0.." + (numCategories - 1)
                    + " of " + this);
        }
        return logProbValues[value];
    }

    /**
     * Copies the log-probabilities of all categories into {@code out}.
     *
     * @param out modified: receives {@code log p_k} at index k; length must be {@link #numCategories()}
     * @throws IllegalArgumentException if the length differs
     * @throws IllegalStateException if the batch shape is not {@code []}
     */
    @Override
    public void logProbsInto(double[] out) {
        requireUnbatched("logProbsInto");
        if (out.length != numCategories) {
            throw new IllegalArgumentException("out has length " + out.length + " but the Categorical has "
                    + numCategories + " categories");
        }
        System.arraycopy(logProbValues, 0, out, 0, numCategories);
    }

    /**
     * Draws a category by inverse CDF, using one {@link Rng#nextDouble()}; zero-probability categories never.
     *
     * @throws IllegalStateException if the batch shape is not {@code []}
     */
    @Override
    public int sampleValue(Rng rng) {
        requireUnbatched("sampleValue");
        return rng.categorical(probValues);
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /** {@return the integers {@code 0..K-1}} */
    @Override
    public Constraint support() {
        return new Constraint.IntegerInterval(0, numCategories - 1);
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /**
     * Returns the log-probabilities of a tensor of categories, gathered from the (log-)probabilities so that the
     * gradient reaches the parameter.
     *
     * @param value shape {@code sampleShape + batchShape'}, {@code batchShape'} broadcasting with the batch shape
     * @throws IllegalArgumentException naming the index and value of an entry that is not an integer in 0..K-1
     */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor table = logits != null ? logits : probs;
        Tensor picked;
        if (batchShape.length == 0) {
            picked = table.index(0, value);
        } else {
            int[] shape = Tensor.broadcastShapes(value.shape(), batchShape);
            int[] withCategories = Arrays.copyOf(shape, shape.length + 1);
            withCategories[shape.length] = numCategories;
            picked = table.expand(withCategories).gather(-1, value.expand(shape).unsqueeze(-1)).squeeze(-1);
        }
        // Taking the log after gathering keeps zero-probability categories that were not picked off the tape,
        // where log's infinite slope at 0 would turn their zero adjoint into NaN.
        return logits != null ? picked : picked.log();
    }

    /**
     * Returns {@code log p(0..K-1)} of several unbatched categoricals, stacked into {@code [n, K]}: the values and the
     * gradients of stacking each one's {@code logProb(arange(K))}, with one log over the stacked probabilities (none
     * for logits) instead of a gather and a log per distribution. A site tabulated over its parents' assignments
     * scores one categorical per assignment.
     *
     * @param distributions at least one; all unbatched, of one K, and all given by probs or all by logits
     * @return the stacked log-probabilities, or null if the distributions do not meet those conditions (score them
     *     one by one)
     */
    public static @Nullable Tensor stackedLogProbs(List<Categorical> distributions) {
        if (distributions.isEmpty()) {
            return null;
        }
        Categorical first = distributions.get(0);
        boolean fromLogits = first.logits != null;
        List<Tensor> rows = new ArrayList<>(distributions.size());
        for (Categorical distribution : distributions) {
            if (distribution.batchShape.length != 0 || distribution.numCategories != first.numCategories
                    || (distribution.logits != null) != fromLogits) {
                return null;
            }
            rows.add(fromLogits ? distribution.logits : distribution.probs);
        }
        // As logProb: the log is taken of exactly the probabilities it gathers (all of them here).
        Tensor stacked = Tensor.stack(0, rows);
        return fromLogits ? stacked : stacked.log();
    }

    /** {@return one category per batch member, shape {@code batchShape}} */
    @Override
    public Tensor sample(Rng rng) {
        if (batchShape.length == 0) {
            return Tensor.scalar(rng.categorical(probValues));
        }
        double[] draws = new double[probValues.length / numCategories];
        for (int r = 0; r < draws.length; r++) {
            draws[r] = rng.categorical(Arrays.copyOfRange(probValues, r * numCategories, (r + 1) * numCategories));
        }
        return Tensor.of(draws, batchShape);
    }

    /** {@return NaN, as torch: the categories are labels, not numbers} */
    @Override
    public Tensor mean() {
        return Tensor.full(Double.NaN, batchShape);
    }

    /** {@return NaN, as torch} */
    @Override
    public Tensor variance() {
        return Tensor.full(Double.NaN, batchShape);
    }

    /** {@return {@code -sum p log p} over the categories, with {@code 0 log 0 = 0}} */
    @Override
    public Tensor entropy() {
        Tensor logP;
        if (logits != null) {
            // A -Infinity logit has probability exactly 0; 0 stands in for its log so that 0 * log 0 is 0.
            logP = Tensor.where(logits.eq(Double.NEGATIVE_INFINITY), Tensor.scalar(0.0), logits);
        } else {
            logP = Tensor.where(probs.gt(0.0), probs, Tensor.scalar(1.0)).log();
        }
        return probs.mul(logP).sum(-1, false).neg();
    }

    /** Returns e.g. {@code Categorical(probs=[0.2, 0.8])}, the shape for a large batch. */
    @Override
    public String toString() {
        String shown = batchShape.length == 0 ? Arrays.toString(probValues) : ParameterText.of(probs);
        return "Categorical(probs=" + shown + ")";
    }

    private void requireUnbatched(String method) {
        if (batchShape.length != 0) {
            throw new IllegalStateException(method + " needs a Categorical with batch shape [], this one has batch "
                    + "shape " + Arrays.toString(batchShape) + "; use logProb(Tensor) or sample(Rng)");
        }
    }
}
