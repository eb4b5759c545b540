package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Pyro's {@code AutoDelta}: a point estimate for every latent site, so that SVI with it finds the MAP (in
 * constrained space, as Pyro notes).
 *
 * <p>For a site {@code z} it reads one parameter, {@code AutoDelta.z} by default, whose constraint is the site's
 * support, so that the store keeps it through {@code transform_to(support)} as Pyro's {@code PyroParam} does: sigmoid
 * for the unit interval, exp for positive values, and softmax for the simplex (one free value per entry; not the
 * stick-breaking bijection AutoNormal uses). It samples {@code z} from {@code Delta(value, event_dim)} in the site's
 * plates, so {@code log q = 0}. For a support that is an element-wise constraint made independent over an event
 * ({@code independent(positive, 1)}) the parameter carries the element-wise constraint, which has the same map.
 *
 * <p>Defaults as Pyro: {@link InitStrategy#median()}. Discrete latent sites are rejected with an exception naming
 * them: in Pyro such a site only works when the model enumerates it and the guide leaves it out ({@link #exposing}).
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoDelta extends AutoGuide {

    /** Pyro's prefix: the guide module's name. */
    public static final String PREFIX = "AutoDelta";

    private final UnaryOperator<String> paramName;

    /** A guide for every latent site of {@code model}, with Pyro's defaults and parameter names. */
    public AutoDelta(Program model) {
        this(model, InitStrategy.median(), name -> true, name -> PREFIX + "." + name);
    }

    private AutoDelta(Program model, InitStrategy init, Predicate<String> exposed, UnaryOperator<String> paramName) {
        super(model, init, exposed);
        this.paramName = paramName;
    }

    /** {@return a guide like this one (not yet run) that starts each site from {@code init}} */
    public AutoDelta withInit(InitStrategy init) {
        return new AutoDelta(model(), init, exposed(), paramName);
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoDelta exposing(Predicate<String> exposed) {
        return new AutoDelta(model(), init(), exposed, paramName);
    }

    /**
     * Returns a guide like this one (not yet run) whose parameter for site {@code z} is named
     * {@code paramName.apply("z")}; {@code UnaryOperator.identity()} names each parameter after its site, as a
     * hand-written {@code pyro.param("probs_x", ...)} would.
     */
    public AutoDelta withParamNames(UnaryOperator<String> paramName) {
        return new AutoDelta(model(), init(), exposed(), paramName);
    }

    /** {@return the name of the parameter that holds {@code site}'s point estimate} */
    public String paramName(String site) {
        return paramName.apply(site);
    }

    /**
     * Returns the point estimate of each latent site, as Pyro's {@code AutoDelta.median()}.
     *
     * @param store the trained parameters
     * @return each site's value, by name, in the model's order, detached
     * @throws IllegalStateException if the guide has not run yet
     */
    public Map<String, Tensor> median(ParamStore store) {
        Map<String, Tensor> medians = new LinkedHashMap<>();
        for (LatentSite site : latentSites()) {
            ParamStore.Entry entry = store.entry(paramName(site.name()));
            medians.put(site.name(), ConstraintTransforms.transformTo(entry.constraint())
                    .forward(entry.unconstrained()).detach());
        }
        return medians;
    }

    @Override
    void sampleSites(SampleContext context, List<LatentSite> sites) {
        for (LatentSite site : sites) {
            sample(context, site);
        }
    }

    private void sample(SampleContext context, LatentSite site) {
        Tensor value = context.param(paramName(site.name()), site::initialValue, paramConstraint(site.support()));
        Plate[] plates = site.platesIn(context);
        context.sample(site.name(), Delta.of(LatentSite.members(value, site.eventDim(), plates), 0.0, site.eventDim()),
                plates);
    }

    /** The support without {@code independent} wrappers: the same transform, and a spec the store can read back. */
    private static Constraint paramConstraint(Constraint support) {
        Constraint constraint = support;
        while (constraint instanceof Constraint.Independent independent) {
            constraint = independent.base();
        }
        return constraint;
    }

    @Override
    public String toString() {
        return "AutoDelta";
    }
}
