package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Bernoulli distribution on {@code {0, 1}}, as {@code torch.distributions.Bernoulli}: {@code P(1) = p}.
 *
 * <p>Parameterised by {@code probs} in {@code [0, 1]} ({@link #of(Tensor)}) or by {@code logits}, the log-odds
 * {@code log(p / (1 - p))} ({@link #ofLogits(Tensor)}); parameters of any shape form the batch. The support is
 * torch's {@code boolean}: a value must be exactly 0 or 1.
 *
 * <p>Deviation from torch, deliberate: torch computes {@code log_prob} as
 * {@code -binary_cross_entropy_with_logits(logits, value)} with probs clamped to {@code [eps, 1 - eps]}, so
 * {@code Bernoulli(probs=1).log_prob(0)} is about -36.04 and the entropy at {@code p = 0} is {@code 2.2e-16}.
 * Trellis is exact there: {@code -Infinity} for the impossible outcome, 0 for the certain one, entropy 0. Everywhere
 * else the values are torch's to rounding, including saturated logits (see {@link BinaryProbability}).
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Bernoulli implements Distribution {

    private static final String NAME = "Bernoulli";

    /** Made from {@link #logitRows} when first needed if this Bernoulli was given rows of a shared tensor. */
    private volatile @Nullable BinaryProbability probability;
    private final @Nullable SharedRows logitRows;
    private final int[] batchShape;

    private Bernoulli(BinaryProbability probability) {
        this.probability = probability;
        this.logitRows = null;
        this.batchShape = probability.parameter().shape();
    }

    private Bernoulli(SharedRows logitRows) {
        this.logitRows = logitRows;
        this.batchShape = logitRows.shape();
    }

    /** {@return a Bernoulli with success probability {@code probs}, every entry in [0, 1]} */
    public static Bernoulli of(Tensor probs) {
        return new Bernoulli(BinaryProbability.ofProbs(NAME, probs));
    }

    /** {@return a Bernoulli with scalar success probability {@code probs} in [0, 1]} */
    public static Bernoulli of(double probs) {
        return of(Tensor.scalar(probs));
    }

    /** {@return a Bernoulli with log-odds {@code logits}, real or infinite but not NaN} */
    public static Bernoulli ofLogits(Tensor logits) {
        return new Bernoulli(BinaryProbability.ofLogits(NAME, logits));
    }

    /**
     * Returns a Bernoulli whose log-odds are rows of a shared tensor, e.g. one assignment's rows of logits a network
     * computed for every assignment at once: the same distribution as {@code ofLogits(logits.tensor())}, but batched
     * evidence scores the shared rows in place (each distinct row once) and the gather is made only if something else
     * reads the logits.
     *
     * @param logits the rows, real or infinite but not NaN
     * @return the distribution, of batch shape {@code logits.shape()}
     * @throws IllegalArgumentException naming the flat index (in {@code logits.tensor()}) of a NaN
     */
    public static Bernoulli ofLogits(SharedRows logits) {
        DistributionChecks.requireNoNaN(NAME, "logits", logits);
        return new Bernoulli(logits);
    }

    /** {@return a Bernoulli with scalar log-odds {@code logits}} */
    public static Bernoulli ofLogits(double logits) {
        return ofLogits(Tensor.scalar(logits));
    }

    /** {@return the success probability, {@code sigmoid(logits)} for the logits parameterisation} */
    public Tensor probs() {
        return probability().probs();
    }

    /**
     * {@return the log-odds this Bernoulli was made from by {@link #ofLogits}, or empty when it was made from probs}
     * (Scorers that fuse {@code y l - softplus(l)} over many entries read them.)
     */
    public Optional<Tensor> logits() {
        return Optional.ofNullable(probability().logits());
    }

    /**
     * {@return the rows of a shared tensor this Bernoulli's log-odds were given as by {@link #ofLogits(SharedRows)},
     * or empty} (Batched evidence scores them in place.)
     */
    public Optional<SharedRows> logitRows() {
        return Optional.ofNullable(logitRows);
    }

    /** The probability, made from the shared rows (already checked) when first asked for. */
    private BinaryProbability probability() {
        BinaryProbability p = probability;
        if (p == null) {
            p = BinaryProbability.ofCheckedLogits(logitRows.tensor());   // a race makes it twice, to the same value
            probability = p;
        }
        return p;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.Bool();
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    /** {@return {@code log p} where the value is 1 and {@code log(1 - p)} where it is 0} */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        return probability().logLikelihood(value, value.neg().add(1.0));
    }

    /**
     * Returns {@code log p(1)} and {@code log p(0)} of every member of several Bernoullis given by probs, each stacked
     * into {@code [n, batchShape...]}: the values and gradients of stacking each one's {@code logProb} of all ones and
     * of all zeros, in five tape nodes instead of about twenty-four per distribution. Evidence over folded plates
     * scores one Bernoulli per assignment of the enumerated parents.
     *
     * @param distributions at least one, all given by probs and all of the batch shape {@code batchShape}
     * @param batchShape the batch shape they must have
     * @return {@code {log p(1), log p(0)}}, or null if the distributions do not meet those conditions
     */
    public static Tensor @Nullable [] stackedLogProbs(List<Bernoulli> distributions, int[] batchShape) {
        if (distributions.isEmpty()) {
            return null;
        }
        List<Tensor> probs = new ArrayList<>(distributions.size());
        for (Bernoulli distribution : distributions) {
            if (distribution.logitRows != null || distribution.probability().logits() != null
                    || !Arrays.equals(distribution.batchShape, batchShape)) {
                return null;
            }
            probs.add(distribution.probability().probs());
        }
        Tensor p = Tensor.stack(0, probs);
        // logProb's terms with the zero count dropped: 1 * log p + 0 for a one, 0 + 1 * log1p(-p) for a zero (the
        // + 0 turns log1p(-0) = -0 into +0 as there).
        return new Tensor[] {p.log(), p.neg().log1p().add(0.0)};
    }

    /** {@return 1 with probability p, by comparing one uniform per batch member with p} */
    @Override
    public Tensor sample(Rng rng) {
        double[] p = probability().probs().expand(batchShape).toArray();
        double[] draws = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            draws[i] = rng.nextDouble() < p[i] ? 1 : 0;
        }
        return Tensor.of(draws, batchShape);
    }

    /** {@return p} */
    @Override
    public Tensor mean() {
        return probability().probs();
    }

    /** {@return {@code p (1 - p)}, as torch (0 once sigmoid saturates)} */
    @Override
    public Tensor variance() {
        Tensor p = probability().probs();
        return p.mul(p.neg().add(1.0));
    }

    @Override
    public Tensor entropy() {
        return probability().entropy();
    }

    /** Returns e.g. {@code Bernoulli(probs=0.3)} or {@code Bernoulli(logits=[0.0, 2.0])}. */
    @Override
    public String toString() {
        return NAME + "(" + probability() + ")";
    }
}
