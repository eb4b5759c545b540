package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws of the latent sites from a trained guide, as Pyro's {@code Predictive(model, guide=guide)} gives for the
 * latent sites: the guide runs {@code n} times on the stored parameters, without gradients, and each site's draws are
 * stacked along a new leading dimension. Works for any guide program, hand-written or automatic; a guide's auxiliary
 * sites (an autoguide's joint latent vector) are not among the sites.
 *
 * <p>Immutable once drawn, so thread-safe.
 */
public final class PosteriorSamples {

    private final Map<String, Tensor> samples;

    private PosteriorSamples(Map<String, Tensor> samples) {
        this.samples = Collections.unmodifiableMap(samples);
    }

    /**
     * Runs {@code guide} {@code n} times and collects what it samples.
     *
     * @param guide the guide program
     * @param store the trained parameters; a parameter the guide reads for the first time is defined there from its
     *     initial value, as a training step would
     * @param n how many draws, at least 1
     * @param rng the random stream
     * @return the draws of every site the guide samples
     * @throws IllegalArgumentException if a site's shape changes from one run to another
     */
    public static PosteriorSamples draw(Program guide, ParamStore store, int n, Rng rng) {
        if (n < 1) {
            throw new IllegalArgumentException("PosteriorSamples needs at least one draw, got " + n);
        }
        Map<String, List<Tensor>> draws = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            DetachedGuideRun.run(guide, store, rng).forEach(
                    (site, value) -> draws.computeIfAbsent(site, s -> new ArrayList<>()).add(value));
        }
        Map<String, Tensor> stacked = new LinkedHashMap<>();
        draws.forEach((site, values) -> {
            if (values.size() != n) {
                throw new IllegalArgumentException("site '" + site + "' was sampled in " + values.size() + " of " + n
                        + " runs of the guide; a guide samples the same sites every run");
            }
            int[] shape = values.get(0).shape();
            for (Tensor value : values) {
                if (!Arrays.equals(shape, value.shape())) {
                    throw new IllegalArgumentException("site '" + site + "' has shape " + Arrays.toString(shape)
                            + " in one run and " + Arrays.toString(value.shape()) + " in another");
                }
            }
            stacked.put(site, Tensor.stack(0, values));
        });
        return new PosteriorSamples(stacked);
    }

    /** {@return the names of the sampled sites, in the guide's order} */
    public Set<String> sites() {
        return samples.keySet();
    }

    /**
     * {@return the draws of {@code site}, shape {@code [n] + the site's shape}}
     *
     * @throws IllegalArgumentException if the guide has no such site
     */
    public Tensor samples(String site) {
        Tensor draws = samples.get(site);
        if (draws == null) {
            throw new IllegalArgumentException("the guide sampled no site '" + site + "'; its sites are "
                    + samples.keySet());
        }
        return draws;
    }

    /** {@return the sample mean of {@code site}'s draws, the site's shape} */
    public Tensor mean(String site) {
        return samples(site).mean(0, false);
    }

    /**
     * {@return the sample standard deviation of {@code site}'s draws with the {@code n - 1} divisor (torch's default
     * {@code std}), the site's shape; NaN for a single draw, as torch}
     */
    public Tensor sd(String site) {
        Tensor draws = samples(site);
        int n = draws.size(0);
        Tensor centred = draws.sub(draws.mean(0, true));
        return centred.square().sum(0, false).div(n - 1).sqrt();
    }
}
