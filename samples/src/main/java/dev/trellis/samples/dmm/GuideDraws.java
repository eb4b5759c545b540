package dev.trellis.samples.dmm;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Draws from a trained guide program, without gradients: each latent site is sampled from the guide's distribution
 * at the stored parameters (the posterior approximation), every plate whole.
 */
public final class GuideDraws implements SampleContext {

    private final ParamScope params;
    private final Rng rng;
    private final Map<String, Tensor> values = new LinkedHashMap<>();

    private GuideDraws(ParamStore store, Rng rng) {
        this.params = new ParamScope(store);
        this.rng = rng;
    }

    /** {@return one joint draw of every latent site of {@code guide}, by site name, in the order drawn} */
    public static Map<String, Tensor> draw(Program guide, ParamStore store, Rng rng) {
        GuideDraws run = new GuideDraws(store, rng);
        guide.run(run);
        return run.values;
    }

    @Override
    public Plate plate(String name, int size, int dim) {
        return Plate.full(name, size, dim);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Tensor value = distribution.sample(rng);
        values.put(name, value);
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        throw new IllegalArgumentException("guide observes site '" + name + "'; only a model observes data");
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return params.param(name, initial, constraint).detach();
    }
}
