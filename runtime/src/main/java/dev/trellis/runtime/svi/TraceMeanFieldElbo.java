package dev.trellis.runtime.svi;

import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.KlDivergence;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ELBO with analytic KL divergences where a closed form exists, as Pyro's {@code TraceMeanField_ELBO}: per
 * particle, each observed site adds {@code log p(x | z)}, each latent site subtracts {@code KL(q(z) || p(z))} when
 * {@link KlDivergence} has a rule for the pair (Normal, Gamma, Beta, Dirichlet, and {@code toEvent} of them), scaled
 * and masked as the guide's site, and otherwise adds the Monte Carlo term {@code log p(z) - log q(z)} at the draw.
 * An auxiliary guide site (one with no model counterpart) subtracts its {@code log q}. Every term is reparameterised,
 * so the surrogate is the ELBO estimate itself.
 *
 * <p>Where the KL is analytic the estimate has the same expectation as {@link TraceElbo}'s and no sampling noise from
 * that site. As in Pyro, the estimator assumes a mean-field guide: it is exact in expectation when no latent site of
 * the model has a parent that comes after it in the guide (true when the guide samples the sites in the model's order
 * with independent distributions); Pyro warns when the two orders differ, Trellis does not check.
 *
 * <p>Requirements, as Pyro with validation on: every guide site is reparameterised (drawn with {@code rsample}); a
 * site drawn without one is an {@link IllegalArgumentException} naming it, since the estimator has no score-function
 * term.
 *
 * <p>One deviation from Pyro 1.8.6: for a guide site that is a {@link Delta} (as the autoguides' sites are: the
 * value of their joint latent pushed onto the site's support, with the log-Jacobian as the Delta's
 * {@code log_density}) Pyro's rule {@code KL(Delta || p) = -log p(v)} drops that {@code log_density}, which makes
 * Pyro's estimate disagree with its own {@code Trace_ELBO} on constrained sites. Trellis takes the Monte Carlo term
 * {@code log p(v) - log_density} there instead, which is Trace_ELBO's; on unconstrained sites (log_density 0) the two
 * agree.
 *
 * <p>Immutable (its settings are final; {@code with...} methods return new estimators), so thread-safe: one estimator
 * may serve several trainings at once. The state it keeps between steps lives in the parameter store.
 */
public final class TraceMeanFieldElbo implements Elbo {

    private static final String NAME = "TraceMeanField_ELBO";

    private final int numParticles;
    private final Map<String, Integer> subsampleSizes;

    /** One particle, Pyro's default. */
    public TraceMeanFieldElbo() {
        this(1);
    }

    /** An estimator averaging over {@code numParticles} independent draws from the guide. */
    public TraceMeanFieldElbo(int numParticles) {
        this(numParticles, Map.of());
    }

    private TraceMeanFieldElbo(int numParticles, Map<String, Integer> subsampleSizes) {
        this.numParticles = Particles.requireParticles(NAME, numParticles);
        this.subsampleSizes = Map.copyOf(subsampleSizes);
    }

    /**
     * This estimator with plate {@code plate} subsampled to {@code size} members per particle, as
     * {@link TraceElbo#withSubsample(String, int)}; the KL terms of sites in the plate are scaled like their
     * log-probabilities.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public TraceMeanFieldElbo withSubsample(String plate, int size) {
        return new TraceMeanFieldElbo(numParticles, Particles.withSubsample(subsampleSizes, plate, size));
    }

    /** {@return the number of particles averaged per estimate} */
    public int numParticles() {
        return numParticles;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the site if a guide site is not reparameterised
     */
    @Override
    public ElboEstimate estimate(Program model, Program guide, ParamScope params, Rng rng) {
        Tensor elbo = Tensor.scalar(0.0);
        Set<String> nonFinite = new LinkedHashSet<>();
        Particles.Particle last = null;
        for (int particle = 0; particle < numParticles; particle++) {
            Particles.Particle traces = Particles.draw(model, guide, params, rng, subsampleSizes, false);
            last = traces;
            for (Site site : traces.model().sites()) {
                if (site.observed()) {
                    elbo = elbo.add(tracked(site.logProb(), "model site '" + site.name() + "'", nonFinite));
                    continue;
                }
                Site guided = reparameterised(traces.guide().site(site.name()));
                Tensor kl = analyticKl(guided, site);
                if (kl != null) {
                    elbo = elbo.sub(tracked(guided.scaleAndMask(kl), "KL at site '" + site.name() + "'", nonFinite));
                } else {
                    elbo = elbo.add(tracked(site.logProb(), "model site '" + site.name() + "'", nonFinite))
                            .sub(tracked(guided.logProb(), "guide site '" + site.name() + "'", nonFinite));
                }
            }
            for (Site site : traces.guide().sites()) {
                if (traces.model().site(site.name()) == null) {
                    elbo = elbo.sub(tracked(reparameterised(site).logProb(), "guide site '" + site.name() + "'",
                            nonFinite));
                }
            }
        }
        Tensor loss = elbo.neg().div(numParticles);
        return new ElboEstimate(loss.item(), loss, new ArrayList<>(nonFinite), last.model(), last.guide());
    }

    /**
     * {@code KL(q || p)} per member of the site's batch, or null where there is no closed form (torch's
     * {@code NotImplementedError}) or the guide's site is a {@link Delta} (see the class notes).
     */
    private static @Nullable Tensor analyticKl(Site guided, Site modelSite) {
        Distribution q = guided.distribution();
        if (q instanceof Delta) {
            return null;
        }
        try {
            return KlDivergence.kl(q, modelSite.distribution());
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static Site reparameterised(Site site) {
        if (!site.reparameterised()) {
            throw new IllegalArgumentException(NAME + " needs every guide site drawn with rsample, but guide site '"
                    + site.name() + "' (" + site.distribution() + ") has none; use TraceElbo or TraceGraphElbo, which "
                    + "add score-function terms for it");
        }
        return site;
    }

    private static Tensor tracked(Tensor term, String where, Set<String> nonFinite) {
        Tensor sum = term.sum();
        Particles.track(sum, where, nonFinite);
        return sum;
    }

    @Override
    public String toString() {
        return "TraceMeanFieldElbo(numParticles=" + numParticles + (subsampleSizes.isEmpty() ? "" : ", subsample="
                + subsampleSizes) + ")";
    }
}
