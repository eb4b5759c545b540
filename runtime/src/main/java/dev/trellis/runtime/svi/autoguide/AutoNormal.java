package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.TransformedDistribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.Transform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Pyro's {@code AutoNormal}: a mean-field guide that gives every latent site an independent normal on the
 * unconstrained space, pushed onto the site's support by {@code biject_to(support)}.
 *
 * <p>For a site {@code z} it reads two parameters, named as Pyro names them:
 * <ul>
 *   <li>{@code AutoNormal.locs.z}, real, of the unconstrained shape ({@code biject_to(support).inv} of a value:
 *       {@code [K - 1]} for a {@code K}-simplex), starting at the unconstrained init value;</li>
 *   <li>{@code AutoNormal.scales.z}, of the same shape, {@code softplus_positive} (stored through softplus, as Pyro
 *       1.8.6's {@code AutoNormal.scale_constraint}), starting at {@code initScale} (0.1 by default).</li>
 * </ul>
 * and samples {@code z} from {@code TransformedDistribution(Normal(loc, scale).toEvent(e), biject_to(support))} in the
 * site's plates, where {@code e} is the number of unconstrained event dimensions. So {@code log q(z)} includes the
 * log-determinant of the bijection, as Pyro's auxiliary {@code z_unconstrained} site plus its {@code Delta} with
 * {@code log_density} adds up to; Trellis records the one site {@code z} instead of Pyro's two.
 *
 * <p>Defaults as Pyro: {@link InitStrategy#feasible()} and init scale 0.1. Discrete latent sites are rejected with a
 * {@link SiteException} naming them.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoNormal extends AutoGuide {

    /** Pyro's prefix: the guide module's name. */
    public static final String PREFIX = "AutoNormal";

    private final double initScale;

    /** A guide for every latent site of {@code model}, with Pyro's defaults. */
    public AutoNormal(Program model) {
        this(model, InitStrategy.feasible(), 0.1, name -> true);
    }

    private AutoNormal(Program model, InitStrategy init, double initScale, Predicate<String> exposed) {
        super(model, init, exposed);
        if (!(initScale > 0) || Double.isInfinite(initScale)) {
            throw new IllegalArgumentException("AutoNormal needs a finite init scale > 0, got " + initScale);
        }
        this.initScale = initScale;
    }

    /** {@return a guide like this one (not yet run) that starts its locations from {@code init}} */
    public AutoNormal withInit(InitStrategy init) {
        return new AutoNormal(model(), init, initScale, exposed());
    }

    /** {@return a guide like this one (not yet run) whose scales start at {@code initScale}} */
    public AutoNormal withInitScale(double initScale) {
        return new AutoNormal(model(), init(), initScale, exposed());
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoNormal exposing(Predicate<String> exposed) {
        return new AutoNormal(model(), init(), initScale, exposed);
    }

    /** {@return the name of the location parameter of {@code site}: {@code AutoNormal.locs.<site>}} */
    public static String locName(String site) {
        return PREFIX + ".locs." + site;
    }

    /** {@return the name of the scale parameter of {@code site}: {@code AutoNormal.scales.<site>}} */
    public static String scaleName(String site) {
        return PREFIX + ".scales." + site;
    }

    /**
     * Returns the posterior median of each latent site, as Pyro's {@code AutoNormal.median()}:
     * {@code biject_to(support)(loc)}, since a monotone map of a normal's median is the median (entry by entry for
     * element-wise supports).
     *
     * @param store the trained parameters
     * @return the median of each site, by name, in the model's order, detached
     * @throws IllegalStateException if the guide has not run yet
     */
    public Map<String, Tensor> median(ParamStore store) {
        Map<String, Tensor> medians = new LinkedHashMap<>();
        for (LatentSite site : latentSites()) {
            Tensor loc = store.unconstrained(locName(site.name()));
            medians.put(site.name(), ConstraintTransforms.bijectTo(site.support()).forward(loc).detach());
        }
        return medians;
    }

    @Override
    void check(LatentSite site) {
        bijection(site);
    }

    @Override
    void sampleSites(SampleContext context, List<LatentSite> sites) {
        for (LatentSite site : sites) {
            sample(context, site);
        }
    }

    private void sample(SampleContext context, LatentSite site) {
        Transform bijection = bijection(site);
        int[] unconstrainedShape = bijection.inverseShape(site.shape());
        // Pyro: the unconstrained event may have another rank than the constrained one
        int eventDim = site.eventDim() + unconstrainedShape.length - site.shape().length;
        Tensor loc = context.param(locName(site.name()), () -> bijection.inverse(site.initialValue()).detach(),
                new Constraint.Real());
        Tensor scale = context.param(scaleName(site.name()), () -> Tensor.full(initScale, unconstrainedShape),
                new Constraint.SoftplusPositive());
        Plate[] plates = site.platesIn(context);
        loc = LatentSite.members(loc, eventDim, plates);
        scale = LatentSite.members(scale, eventDim, plates);
        Distribution posterior = TransformedDistribution.of(Normal.of(loc, scale).toEvent(eventDim), bijection,
                site.support());
        context.sample(site.name(), posterior, plates);
    }

    /** {@return {@code biject_to(support)}; with Pyro's {@code helpful_support_errors}, naming the site} */
    private static Transform bijection(LatentSite site) {
        try {
            return ConstraintTransforms.bijectTo(site.support());
        } catch (UnsupportedOperationException e) {
            throw new SiteException(site.name(), "", "AutoNormal needs a bijection onto the support "
                    + site.support().spec() + ", and there is none: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AutoNormal(initScale=" + initScale + ")";
    }
}
