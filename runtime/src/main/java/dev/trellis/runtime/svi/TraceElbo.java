package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evidence lower bound estimated from guide samples, as Pyro's {@code Trace_ELBO}: per particle, draw z from the
 * guide, replay the model on it, and take log p(x, z) - log q(z).
 *
 * <p>Gradients: a latent drawn with {@code rsample} carries its gradient through its value (the reparameterisation
 * trick), so its guide term enters the surrogate as is. A latent drawn without one gets the score-function term
 * {@code log q(z) * stop_gradient(log r)}, where {@code log r} = log p - log q summed over every site but kept per
 * member for the plates that site sits in — Pyro's Rao-Blackwellisation over independent plates, which removes the
 * other members' noise from each member's estimate. As in Pyro, the score term has no baseline.
 *
 * <p>Immutable (its settings are final; {@code with...} methods return new estimators), so thread-safe: one estimator
 * may serve several trainings at once. The state it keeps between steps lives in the parameter store.
 */
public final class TraceElbo implements Elbo {

    private final int numParticles;
    private final Map<String, Integer> subsampleSizes;

    /** An estimator averaging over {@code numParticles} independent draws from the guide. */
    public TraceElbo(int numParticles) {
        this(numParticles, Map.of());
    }

    private TraceElbo(int numParticles, Map<String, Integer> subsampleSizes) {
        if (numParticles < 1) {
            throw new IllegalArgumentException("numParticles must be at least 1, got " + numParticles);
        }
        this.numParticles = numParticles;
        this.subsampleSizes = Map.copyOf(subsampleSizes);
    }

    /**
     * This estimator with plate {@code plate} subsampled to {@code size} members per particle (Pyro's
     * {@code pyro.plate(name, size, subsample_size=...)}): each particle draws the members without replacement, the
     * guide and the model use the same ones, and the sites in the plate are scaled by size / subsample size.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public TraceElbo withSubsample(String plate, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("plate '" + plate + "': subsample size " + size + " must be at least 1");
        }
        Map<String, Integer> sizes = new TreeMap<>(subsampleSizes);
        sizes.put(plate, size);
        return new TraceElbo(numParticles, sizes);
    }

    /** One particle, Pyro's default. */
    public TraceElbo() {
        this(1);
    }

    /** {@return the number of particles averaged per estimate} */
    public int numParticles() {
        return numParticles;
    }

    @Override
    public ElboEstimate estimate(Program model, Program guide, ParamScope params, Rng rng) {
        double elbo = 0.0;
        Tensor surrogate = Tensor.scalar(0.0);
        Set<String> nonFinite = new LinkedHashSet<>();
        Trace modelTrace = null;
        Trace guideTrace = null;
        for (int particle = 0; particle < numParticles; particle++) {
            Trace guided = GuideRun.run(guide, params, rng, subsampleSizes);
            guideTrace = guided;
            modelTrace = ModelReplay.run(model, params, guided, rng, subsampleSizes, true);
            List<PlateSums.Term> logR = new ArrayList<>();
            // each guide site's log q is needed twice (for log r, then for its own term): compute it once
            Map<String, Tensor> logQs = new HashMap<>();
            for (Site site : modelTrace.sites()) {
                Tensor logP = site.logProb();
                double sum = track(logP, "model site '" + site.name() + "'", nonFinite);
                elbo += sum;
                surrogate = surrogate.add(logP.sum());
                Tensor term = logP.detach();
                if (!site.observed()) {
                    term = term.sub(logQs.computeIfAbsent(site.name(), name -> guided.site(name).logProb())
                            .detach());
                }
                logR.add(new PlateSums.Term(site.plates(), term));
            }
            for (Site site : guideTrace.sites()) {
                Tensor logQ = logQs.computeIfAbsent(site.name(), name -> site.logProb());
                elbo -= track(logQ, "guide site '" + site.name() + "'", nonFinite);
                if (site.reparameterised()) {
                    surrogate = surrogate.sub(logQ.sum());
                } else {
                    surrogate = surrogate.add(PlateSums.sumTo(logR, site.plates()).mul(logQ).sum());
                }
            }
        }
        return new ElboEstimate(-elbo / numParticles, surrogate.neg().div(numParticles), new ArrayList<>(nonFinite),
                modelTrace, guideTrace);
    }

    private static double track(Tensor logProb, String where, Set<String> nonFinite) {
        double sum = logProb.sum().item();
        if (!Double.isFinite(sum)) {
            nonFinite.add(where);
        }
        return sum;
    }

    @Override
    public String toString() {
        return "TraceElbo(numParticles=" + numParticles + (subsampleSizes.isEmpty() ? "" : ", subsample="
                + subsampleSizes) + ")";
    }
}
