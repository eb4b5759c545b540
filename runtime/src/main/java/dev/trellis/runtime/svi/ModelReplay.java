package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a model against a guide's trace: each latent site takes the guide's value for it, each observed site records
 * its data, so that the model's trace holds log p(x, z) at the guide's z (Pyro's {@code poutine.replay}). Every
 * latent site must be in the guide, and every guide site in the model except the guide's auxiliary ones. Plates the
 * guide subsampled keep the guide's members.
 */
final class ModelReplay implements SampleContext {

    private final ParamScope params;
    private final Trace guide;
    private final Rng rng;
    private final Map<String, Integer> subsampleSizes;
    private final boolean chainsAtOnce;
    private final Trace trace = new Trace();

    private ModelReplay(ParamScope params, Trace guide, Rng rng, Map<String, Integer> subsampleSizes,
            boolean chainsAtOnce) {
        this.params = params;
        this.guide = guide;
        this.rng = rng;
        this.subsampleSizes = subsampleSizes;
        this.chainsAtOnce = chainsAtOnce;
    }

    /**
     * Runs {@code model} once on the values of {@code guide}.
     *
     * @param chainsAtOnce whether the estimator reads the model's trace only through each site's log-density at its
     *     value, so that a ragged chain's steps may be scored together ({@link ChainSteps}); false when it also reads
     *     the distributions themselves (an analytic KL divergence)
     * @throws IllegalArgumentException naming the site if the model has a latent site the guide lacks, or the guide
     *     a site the model lacks
     */
    static Trace run(Program model, ParamScope params, Trace guide, Rng rng, Map<String, Integer> subsampleSizes,
            boolean chainsAtOnce) {
        ModelReplay replay = new ModelReplay(params, guide, rng, subsampleSizes, chainsAtOnce);
        model.run(replay);
        List<String> extra = new ArrayList<>();
        for (Site site : guide.sites()) {
            if (!site.options().auxiliary() && replay.trace.site(site.name()) == null) {
                extra.add(site.name());
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("the guide samples " + extra + ", which the model does not sample; "
                    + "a guide covers exactly the model's latent sites");
        }
        return replay.trace;
    }

    @Override
    public boolean scoresChainsAtOnce() {
        return chainsAtOnce;
    }

    /** The guide's members of the plate when the guide used it, so that both score the same minibatch. */
    @Override
    public Plate plate(String name, int size, int dim) {
        return PlateDraws.plate(name, size, dim, subsampleSizes, trace, guide, rng);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Site drawn = guide.site(name);
        if (drawn == null) {
            throw new IllegalArgumentException("site '" + name + "' is latent in the model but the guide does not "
                    + "sample it; add it to the guide (or observe it in the model)");
        }
        trace.add(new Site(name, distribution, drawn.value(), false, drawn.reparameterised(), List.of(plates),
                options));
        return drawn.value();
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        if (guide.site(name) != null) {
            throw new IllegalArgumentException("site '" + name + "' is observed in the model but the guide samples it; "
                    + "a guide covers latent sites only");
        }
        trace.add(new Site(name, distribution, value, true, false, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return params.param(name, initial, constraint);
    }
}
