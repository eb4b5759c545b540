package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The categorical distribution with values written as one-hot vectors, as
 * {@code torch.distributions.OneHotCategorical}: event shape {@code [K]}, support the K unit vectors.
 *
 * <p>Parameterised as {@link Categorical} (probs rows on the simplex, or logits), whose checks and deviations from
 * torch it shares: a zero-probability category has log-probability {@code -Infinity} rather than torch's -36.04,
 * and unnormalised probabilities are rejected rather than divided by their sum. Its mean is the probability vector,
 * its variance {@code p (1 - p)} entrywise.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class OneHotCategorical implements Distribution {

    private final Categorical categorical;

    private OneHotCategorical(Categorical categorical) {
        this.categorical = categorical;
    }

    /** {@return the distribution with probability rows {@code probs}, shape {@code batchShape + [K]}} */
    public static OneHotCategorical of(Tensor probs) {
        return new OneHotCategorical(Categorical.of(probs));
    }

    /** {@return the distribution with logit rows {@code logits}, shape {@code batchShape + [K]}} */
    public static OneHotCategorical ofLogits(Tensor logits) {
        return new OneHotCategorical(Categorical.ofLogits(logits));
    }

    /** {@return the same distribution over category indices} */
    public Categorical categorical() {
        return categorical;
    }

    @Override
    public int[] batchShape() {
        return categorical.batchShape();
    }

    @Override
    public int[] eventShape() {
        return new int[] {categorical.numCategories()};
    }

    @Override
    public Constraint support() {
        return new Constraint.OneHot();
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /** {@return the log-probability of the category each one-hot vector marks} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return categorical.logProb(value.argMax(-1));
    }

    /** {@return one one-hot vector per batch member} */
    @Override
    public Tensor sample(Rng rng) {
        return oneHot(categorical.sample(rng));
    }

    /** {@return the probabilities} */
    @Override
    public Tensor mean() {
        return categorical.probsTensor();
    }

    /** {@return {@code p (1 - p)} entrywise} */
    @Override
    public Tensor variance() {
        Tensor p = categorical.probsTensor();
        return p.mul(p.neg().add(1.0));
    }

    @Override
    public Tensor entropy() {
        return categorical.entropy();
    }

    /** Returns e.g. {@code OneHotCategorical(probs=[0.2, 0.8])}. */
    @Override
    public String toString() {
        return "OneHot" + categorical;
    }

    private Tensor oneHot(Tensor categories) {
        int k = categorical.numCategories();
        double[] identity = new double[k * k];
        for (int i = 0; i < k; i++) {
            identity[i * k + i] = 1;
        }
        Tensor rows = Tensor.of(identity, k, k).index(0, categories);
        int[] batch = categories.shape();
        int[] shape = Arrays.copyOf(batch, batch.length + 1);
        shape[batch.length] = k;
        return rows.reshape(shape);
    }
}
