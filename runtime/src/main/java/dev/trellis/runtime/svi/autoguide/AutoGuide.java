package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What Pyro's automatic guides share ({@code pyro.infer.autoguide.AutoGuide}): a guide {@link Program} built from a
 * model program, which on its first run runs the model once (the prototype run) to find the latent sites it must
 * cover, and from then on samples each of them with the site's plates, reading its parameters through the context.
 *
 * <p>The first run fixes the sites; later runs do not look at the model again, so a guide belongs to one model
 * structure (as in Pyro). Runs may come from several threads; the prototype is made once.
 *
 * <p>So an autoguide is thread-safe whenever its model program is.
 */
public abstract class AutoGuide implements Program {

    private final Program model;
    private final InitStrategy init;
    private final Predicate<String> exposed;
    private volatile @Nullable List<LatentSite> sites;

    /**
     * @param model the model program
     * @param init where each latent site starts
     * @param exposed which latent sites the guide covers (Pyro's {@code poutine.block(model, expose_fn=...)}); the
     *     others are left to another guide or to enumeration
     */
    AutoGuide(Program model, InitStrategy init, Predicate<String> exposed) {
        this.model = model;
        this.init = init;
        this.exposed = exposed;
    }

    /** {@return the model this guide was built for} */
    public Program model() {
        return model;
    }

    /** {@return the init strategy} */
    public InitStrategy init() {
        return init;
    }

    /** {@return which latent sites the guide covers} */
    Predicate<String> exposed() {
        return exposed;
    }

    /**
     * {@return the latent sites the guide covers, in the model's order}
     *
     * @throws IllegalStateException before the first run, when the sites are not known yet
     */
    public List<LatentSite> latentSites() {
        List<LatentSite> known = sites;
        if (known == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has not run yet, so it does not know its "
                    + "model's latent sites; run it once (e.g. one SVI step, or PosteriorSamples.draw) first");
        }
        return known;
    }

    /** Gives this guide the sites another guide of the same model found, instead of a prototype run of its own. */
    void adoptSites(List<LatentSite> known) {
        sites = List.copyOf(known);
    }

    /** Samples every covered latent site, running the model first if this is the guide's first run. */
    @Override
    public final void run(SampleContext context) {
        sampleSites(context, prototype(context));
    }

    /**
     * Samples the covered latent sites of the model in {@code context}, each with its plates: one by one for the
     * mean-field guides, through one joint latent vector for {@link AutoContinuous}.
     */
    abstract void sampleSites(SampleContext context, List<LatentSite> sites);

    /** Checks that the guide can cover a site; throws naming it if not. Called once per site, after the prototype. */
    void check(LatentSite site) {
    }

    private List<LatentSite> prototype(SampleContext context) {
        List<LatentSite> known = sites;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = sites;
            if (known == null) {
                known = PrototypeRun.run(model, context, init, exposed, getClass().getSimpleName());
                known.forEach(this::check);
                sites = known;
            }
            return known;
        }
    }
}
