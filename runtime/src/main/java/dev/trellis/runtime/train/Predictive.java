package dev.trellis.runtime.train;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Factor;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.svi.autoguide.PosteriorSamples;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Draws from the posterior predictive distribution, as Pyro's {@code Predictive}: for each of {@code n} draws of the
 * latent sites (from a trained guide, or given), the model runs with its latent sites fixed to that draw and every
 * observed site <em>drawn</em> from its distribution instead of scored, so that each draw is a replicate data set
 * from {@code p(y_new | y) = ∫ p(y_new | z) p(z | y) dz}. A site downstream of an observed one reads the new draw.
 * Plates run whole; masks do not apply (every entry is drawn).
 *
 * <p>A model whose discrete latent sites are summed out (a program generated for a model with {@code @Enumerate}
 * sites) adds them as one factor, which cannot be drawn from: its generated inference class has {@code predict},
 * which draws the enumerated sites from their exact posterior and then the observed sites, at given globals.
 *
 * <p>Thread-safe: it keeps no state. A call reads the parameter store and draws from {@code rng}, which must not be
 * shared with another thread.
 */
public final class Predictive {

    private Predictive() {
    }

    /**
     * Draws {@code n} latent samples from {@code guide} at the stored parameters ({@link PosteriorSamples}), then one
     * replicate of the model's observed sites for each.
     *
     * @return every sample site of the model — the guide's draws of the latent ones and the new draws of the observed
     *     ones — stacked along a new leading dimension of size {@code n}, in the order the model samples them
     * @throws IllegalArgumentException if {@code n < 1}, or as {@link #fromSamples}
     */
    public static Map<String, Tensor> fromGuide(Program model, Program guide, ParamStore store, int n, Rng rng) {
        PosteriorSamples latent = PosteriorSamples.draw(guide, store, n, rng);
        Map<String, Tensor> samples = new LinkedHashMap<>();
        latent.sites().forEach(site -> samples.put(site, latent.samples(site)));
        return fromSamples(model, samples, store, rng);
    }

    /**
     * Runs the model once per given draw of its latent sites, drawing its observed sites.
     *
     * @param samples every latent site's draws, stacked along a leading dimension of the same size {@code n} (e.g.
     *     from MCMC, or from {@link PosteriorSamples})
     * @param store the parameters the model reads
     * @return every sample site of the model, stacked along a leading dimension of size {@code n}, in the order the
     *     model samples them: the given draws of the latent sites and the new draws of the observed ones
     * @throws IllegalArgumentException naming the site if a latent site has no draws, the draws disagree on
     *     {@code n}, a given site is not latent in the model, or an observed site is a factor (the summed-out sites
     *     of an enumerated model)
     */
    public static Map<String, Tensor> fromSamples(Program model, Map<String, Tensor> samples, ParamStore store,
            Rng rng) {
        int n = drawCount(samples);
        Map<String, List<Tensor>> draws = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Run run = new Run(samples, i, store, rng);
            model.run(run);
            for (String given : samples.keySet()) {
                if (!run.latent.contains(given)) {
                    throw new IllegalArgumentException("draws are given for '" + given + "', which is not a latent "
                            + "site of the model; its latent sites are " + run.latent);
                }
            }
            run.values.forEach((site, value) -> draws.computeIfAbsent(site, s -> new ArrayList<>()).add(value));
        }
        Map<String, Tensor> stacked = new LinkedHashMap<>();
        draws.forEach((site, values) -> {
            if (values.size() != n) {
                throw new IllegalArgumentException("site '" + site + "' was sampled in " + values.size() + " of " + n
                        + " runs of the model; a model samples the same sites every run");
            }
            stacked.put(site, Tensor.stack(0, values));
        });
        return stacked;
    }

    private static int drawCount(Map<String, Tensor> samples) {
        int n = -1;
        for (Map.Entry<String, Tensor> entry : samples.entrySet()) {
            Tensor draws = entry.getValue();
            if (draws.rank() == 0) {
                throw new IllegalArgumentException("the draws of '" + entry.getKey() + "' are a scalar; stack them "
                        + "along a leading dimension, one entry per draw");
            }
            if (n >= 0 && draws.size(0) != n) {
                throw new IllegalArgumentException("'" + entry.getKey() + "' has " + draws.size(0) + " draws but "
                        + "other sites have " + n + "; every site needs the same number");
            }
            n = draws.size(0);
        }
        if (n < 1) {
            throw new IllegalArgumentException("the posterior predictive needs at least one draw of the latent sites");
        }
        return n;
    }

    /** One run of the model at draw {@code index}: latent sites replayed, observed ones drawn. */
    private static final class Run implements SampleContext {
        private final Map<String, Tensor> samples;
        private final int index;
        private final ParamStore store;
        private final Rng rng;
        private final Map<String, Tensor> values = new LinkedHashMap<>();
        private final List<String> latent = new ArrayList<>();

        Run(Map<String, Tensor> samples, int index, ParamStore store, Rng rng) {
            this.samples = samples;
            this.index = index;
            this.store = store;
            this.rng = rng;
        }

        @Override
        public Plate plate(String name, int size, int dim) {
            return Plate.full(name, size, dim);
        }

        @Override
        public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
            Tensor draws = samples.get(name);
            if (draws == null) {
                throw new IllegalArgumentException("no draws are given for latent site '" + name + "'; given: "
                        + samples.keySet());
            }
            Tensor value = draws.select(0, index);
            latent.add(name);
            values.put(name, value);
            return value;
        }

        @Override
        public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options,
                Plate... plates) {
            if (distribution instanceof Factor) {
                throw new IllegalArgumentException("site '" + name + "' is a factor (the exact log-likelihood of "
                        + "summed-out sites), which cannot be drawn from; for a model with @Enumerate sites use its "
                        + "generated inference class's predict at the drawn globals");
            }
            Distribution shaped = distribution;
            int[] dataBatch = Arrays.copyOf(value.shape(), value.rank() - distribution.eventShape().length);
            if (!Arrays.equals(distribution.batchShape(), dataBatch)) {
                // the data's batch shape is the plates': draw every member, as the scored site did
                shaped = distribution.expand(Tensor.broadcastShapes(distribution.batchShape(), dataBatch));
            }
            Tensor draw = shaped.sample(rng).detach();
            values.put(name, draw);
            return draw;
        }

        @Override
        public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
            if (!store.contains(name)) {
                new ParamScope(store).param(name, initial, constraint);
            }
            ParamStore.Entry entry = store.entry(name);
            if (!entry.constraint().equals(constraint)) {
                throw new IllegalArgumentException("parameter '" + name + "' is used with constraint "
                        + constraint.spec() + " but was defined with " + entry.constraint().spec());
            }
            return ConstraintTransforms.transformTo(constraint).forward(entry.unconstrained().detach());
        }
    }
}
