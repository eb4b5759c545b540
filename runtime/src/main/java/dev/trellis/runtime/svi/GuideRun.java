package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a guide: each latent site draws its value, reparameterised where the distribution allows it (so the value
 * carries gradients to the guide's parameters) and detached otherwise (the score-function estimator handles those).
 */
final class GuideRun implements SampleContext {

    private final ParamScope params;
    private final Rng rng;
    private final Map<String, Integer> subsampleSizes;
    private final Trace trace = new Trace();

    GuideRun(ParamScope params, Rng rng, Map<String, Integer> subsampleSizes) {
        this.params = params;
        this.rng = rng;
        this.subsampleSizes = subsampleSizes;
    }

    /** Runs {@code guide} once and returns what it sampled, drawing subsamples of the plates named in the map. */
    static Trace run(Program guide, ParamScope params, Rng rng, Map<String, Integer> subsampleSizes) {
        GuideRun run = new GuideRun(params, rng, subsampleSizes);
        guide.run(run);
        return run.trace;
    }

    @Override
    public Plate plate(String name, int size, int dim) {
        return PlateDraws.plate(name, size, dim, subsampleSizes, trace, null, rng);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        boolean reparameterised = distribution.hasRsample();
        Tensor value = reparameterised ? distribution.rsample(rng) : distribution.sample(rng);
        trace.add(new Site(name, distribution, value, false, reparameterised, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        throw new IllegalArgumentException("the guide observes site '" + name + "'; a guide samples latent sites only, "
                + "the model observes the data");
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return params.param(name, initial, constraint);
    }
}
