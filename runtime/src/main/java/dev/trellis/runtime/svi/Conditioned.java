package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a model with every latent site fixed to a given value, as Pyro's {@code poutine.condition}, and records the
 * trace: the way to evaluate log p(x, z) at a chosen z, e.g. to compare a model with reference values or to score
 * posterior draws.
 *
 * <p>Thread-safe as a utility: each run makes a context of its own; a model run on several threads at once must itself
 * be thread-safe, as generated programs say whether they are.
 */
public final class Conditioned implements SampleContext {

    private final Map<String, Tensor> values;
    private final ParamScope params;
    private final Trace trace = new Trace();

    private Conditioned(Map<String, Tensor> values, ParamScope params) {
        this.values = values;
        this.params = params;
    }

    /**
     * Runs {@code model} with its latent sites fixed to {@code values}.
     *
     * @param values a value for every latent site, by name
     * @param store the learned parameters the model reads (new ones are defined from their initial values)
     * @return the model's trace; sum its sites' {@link Site#logProb()} for the log joint
     * @throws IllegalArgumentException naming a latent site without a value, or a value for no latent site
     */
    public static Trace run(Program model, Map<String, Tensor> values, ParamStore store) {
        return run(model, values, new ParamScope(store));
    }

    /**
     * Runs {@code model} with its latent sites fixed to {@code values}, reading parameters through a given scope: runs
     * that share a scope share its autodiff leaves, so that e.g. {@code log p(x, z) - log q(z)} of a model and a guide
     * conditioned on the same z can be differentiated with respect to each parameter ({@link ParamScope#leaves()}).
     *
     * @param values a value for every latent site, by name
     * @param params the parameters; new ones are defined in its store from their initial values
     * @return the trace; sum its sites' {@link Site#logProb()} for the log joint
     * @throws IllegalArgumentException naming a latent site without a value, or a value for no latent site
     */
    public static Trace run(Program model, Map<String, Tensor> values, ParamScope params) {
        Conditioned run = new Conditioned(values, params);
        model.run(run);
        for (String name : values.keySet()) {
            Site site = run.trace.site(name);
            if (site == null || site.observed()) {
                throw new IllegalArgumentException("a value is given for '" + name + "', which is not a latent site "
                        + "of the model; its latent sites are " + run.trace.sites().stream()
                        .filter(s -> !s.observed()).map(Site::name).toList());
            }
        }
        return run.trace;
    }

    /** {@return log p(x, z): the sum of every site's scaled, masked log-probability in {@code trace}} */
    public static double logJoint(Trace trace) {
        double total = 0.0;
        for (Site site : trace.sites()) {
            total += site.logProb().sum().item();
        }
        return total;
    }

    /** Every member: a conditioned run scores the whole data. */
    @Override
    public Plate plate(String name, int size, int dim) {
        return trace.addPlate(trace.plate(name) != null ? trace.plate(name) : Plate.full(name, size, dim));
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Tensor value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value is given for latent site '" + name + "'; conditioning needs "
                    + "one for every latent site");
        }
        trace.add(new Site(name, distribution, value, false, false, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        trace.add(new Site(name, distribution, value, true, false, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return params.param(name, initial, constraint);
    }
}
