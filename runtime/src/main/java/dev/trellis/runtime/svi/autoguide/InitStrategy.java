package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Independent;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.Transform;
import java.util.Arrays;
import java.util.Map;

/**
 * Where an autoguide starts each latent site: Pyro's {@code init_loc_fn} ({@code pyro.infer.autoguide.initialization}).
 * Given a site's prior (its distribution in the model, already broadcast to its plates) it returns a constrained
 * value of the prior's full shape, inside its support.
 *
 * <p>The strategies that draw from the prior use a stream of their own, seeded when the strategy is made, so that
 * initialising a guide neither depends on nor disturbs any other random stream (Pyro saves and restores torch's
 * global generator around its draws for the same reason). The draws differ from torch's, so a random initial value
 * is Pyro's in distribution, not in digits; pass {@link #values} to start from given numbers.
 *
 * <p>Implementations are immutable and draw from streams of their own, so thread-safe.
 */
@FunctionalInterface
public interface InitStrategy {

    /**
     * Returns the initial constrained value of one latent site.
     *
     * @param site the site's name
     * @param prior the site's distribution in the model
     * @return a value of shape {@code batchShape + eventShape} of the prior, inside its support
     */
    Tensor initialValue(String site, Distribution prior);

    /**
     * Pyro's {@code init_to_feasible}: {@code transform_to(support)} of zeros, ignoring the prior's parameters (0 on
     * the reals, 1 for positive, 0.5 on the unit interval, the uniform vector on the simplex).
     */
    static InitStrategy feasible() {
        return (site, prior) -> {
            Transform transform = ConstraintTransforms.transformTo(prior.support());
            return transform.forward(Tensor.zeros(transform.inverseShape(fullShape(prior)))).detach();
        };
    }

    /**
     * Pyro's {@code init_to_median} with its defaults: the entry-wise median of 15 prior draws, falling back to
     * {@link #feasible()} for a multivariate event (whose entry-wise median need not lie in the support, e.g. on the
     * simplex), or when the prior cannot be sampled, or the median is NaN or outside the support.
     */
    static InitStrategy median() {
        return median(15, 0L);
    }

    /**
     * {@link #median()} with a chosen number of draws and seed.
     *
     * @param numSamples how many prior draws to take the median of; with an even count the lower middle one, as
     *     torch's {@code median}
     * @param seed the seed of the strategy's own stream, restarted for each site
     */
    static InitStrategy median(int numSamples, long seed) {
        if (numSamples < 1) {
            throw new IllegalArgumentException("init_to_median needs at least one draw, got " + numSamples);
        }
        return (site, prior) -> {
            if (isMultivariate(prior)) {
                return feasible().initialValue(site, prior);
            }
            try {
                Tensor median = InitMedians.entrywiseMedian(prior, numSamples, Rng.seeded(seed));
                if (prior.support().isSatisfiedBy(median)) {
                    return median;
                }
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // Pyro falls back on the errors sampling raises; so do we
            }
            return feasible().initialValue(site, prior);
        };
    }

    /**
     * Pyro's {@code init_to_uniform(radius)}: {@code transform_to(support)} of values drawn uniformly from
     * {@code (-radius, radius)}.
     *
     * @param seed the seed of the strategy's own stream, restarted for each site
     */
    static InitStrategy uniform(double radius, long seed) {
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("init_to_uniform needs a finite radius >= 0, got " + radius);
        }
        return (site, prior) -> {
            Transform transform = ConstraintTransforms.transformTo(prior.support());
            int[] shape = transform.inverseShape(fullShape(prior));
            Rng rng = Rng.seeded(seed);
            double[] unconstrained = new double[Tensor.zeros(shape).numElements()];
            for (int i = 0; i < unconstrained.length; i++) {
                unconstrained[i] = (2 * rng.nextDouble() - 1) * radius;
            }
            return transform.forward(Tensor.of(unconstrained, shape)).detach();
        };
    }

    /**
     * Pyro's {@code init_to_value(values=...)}: the given value for the sites named in {@code values}, and
     * {@code fallback} for the others.
     *
     * @throws IllegalArgumentException naming the site when a given value has the wrong shape or lies outside the
     *     support
     */
    static InitStrategy values(Map<String, Tensor> values, InitStrategy fallback) {
        Map<String, Tensor> copy = Map.copyOf(values);
        return (site, prior) -> {
            Tensor given = copy.get(site);
            if (given == null) {
                return fallback.initialValue(site, prior);
            }
            if (!Arrays.equals(given.shape(), fullShape(prior))) {
                throw new IllegalArgumentException("initial value of site '" + site + "' has shape "
                        + Arrays.toString(given.shape()) + ", but the site's values have shape "
                        + Arrays.toString(fullShape(prior)) + " (batch shape in its plates, then event shape)");
            }
            if (!prior.support().isSatisfiedBy(given)) {
                throw new IllegalArgumentException("initial value of site '" + site + "' violates its support "
                        + prior.support().spec() + " at flat index " + prior.support().firstViolation(given).getAsInt()
                        + ": " + given);
            }
            return given.detach();
        };
    }

    /** {@link #values(Map, InitStrategy)} with Pyro's default fallback, {@code init_to_uniform(radius=2)}. */
    static InitStrategy values(Map<String, Tensor> values) {
        return values(values, uniform(2.0, 0L));
    }

    private static int[] fullShape(Distribution prior) {
        int[] batch = prior.batchShape();
        int[] event = prior.eventShape();
        int[] shape = Arrays.copyOf(batch, batch.length + event.length);
        System.arraycopy(event, 0, shape, batch.length, event.length);
        return shape;
    }

    /** Pyro's {@code _is_multivariate}: an event dimension larger than 1 once the {@code to_event}s are peeled. */
    private static boolean isMultivariate(Distribution prior) {
        Distribution inner = prior;
        while (inner instanceof Independent independent) {
            inner = independent.base();
        }
        return Arrays.stream(inner.eventShape()).anyMatch(size -> size > 1);
    }
}
