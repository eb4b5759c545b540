package dev.trellis.runtime.svi.autoguide;

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
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a guide for its draws only, as under {@code torch.no_grad()}: parameters are read as constants
 * ({@code transform_to(constraint)} of the stored value, no autodiff leaf), so nothing is recorded for gradients, and
 * every latent site takes a plain {@code sample}.
 */
final class DetachedGuideRun implements SampleContext {

    private final ParamStore store;
    private final Rng rng;
    private final Map<String, Tensor> values = new LinkedHashMap<>();

    private DetachedGuideRun(ParamStore store, Rng rng) {
        this.store = store;
        this.rng = rng;
    }

    /**
     * {@return the value of every site {@code guide} sampled in one run, by name, in sampling order; auxiliary sites,
     * which have no counterpart in the model, are left out}
     */
    static Map<String, Tensor> run(Program guide, ParamStore store, Rng rng) {
        DetachedGuideRun run = new DetachedGuideRun(store, rng);
        guide.run(run);
        return run.values;
    }

    /** The whole plate: posterior draws cover every member. */
    @Override
    public Plate plate(String name, int size, int dim) {
        return Plate.full(name, size, dim);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Tensor value = distribution.sample(rng);
        if (options.auxiliary()) {
            return value;   // the guide's own variable (e.g. an autoguide's latent vector), not a site of the model
        }
        if (values.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("site '" + name + "' is sampled twice in one run of the guide");
        }
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        throw new IllegalArgumentException("the guide observes site '" + name + "'; a guide samples latent sites only");
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        if (!store.contains(name)) {
            new ParamScope(store).param(name, initial, constraint);   // defines it, with ParamScope's checks
        }
        ParamStore.Entry entry = store.entry(name);
        if (!entry.constraint().equals(constraint)) {
            throw new IllegalArgumentException("parameter '" + name + "' is used with constraint " + constraint.spec()
                    + " but was defined with " + entry.constraint().spec());
        }
        return ConstraintTransforms.transformTo(constraint).forward(entry.unconstrained().detach());
    }
}
