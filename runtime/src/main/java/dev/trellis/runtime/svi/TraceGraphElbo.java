package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ELBO with score-function terms that see only their downstream costs, and optional decaying-average baselines, as
 * Pyro's {@code TraceGraph_ELBO}: for variance reduction on guides with sites drawn without {@code rsample} (discrete
 * latents).
 *
 * <p>The loss is the same as {@link TraceElbo}'s. The surrogate has {@code log p} of every model site and
 * {@code log q} of every reparameterised guide site, and for each site {@code k} drawn without {@code rsample} the term
 * {@code log q_k(z_k) * stop_gradient(cost_k - b_k)}, where
 * <ul>
 *   <li>{@code cost_k} is the downstream cost of {@code k} (see {@link DownstreamCosts}): {@code log p - log q} of
 *       {@code k} and of every guide site after it, plus {@code log p} of every model site after any of those, kept per
 *       member along the plates {@code k} is in and summed over the others;</li>
 *   <li>{@code log q_k} is neither scaled nor masked, Pyro's {@code score_function}, while the costs are;</li>
 *   <li>{@code b_k} is the site's baseline, 0 unless {@link #withDecayingAverageBaseline} asked for one.</li>
 * </ul>
 *
 * <p><b>Baselines.</b> Pyro's decaying average: {@code b_k} is the average the site's baseline kept before this
 * particle, and afterwards it becomes {@code (1 - beta) cost_k + beta b_k}; it starts at zeros of the cost's shape and
 * {@code beta} defaults to Pyro's 0.90. Since {@code b_k} does not depend on this particle's draw, the gradient stays
 * unbiased while its variance falls. The average lives in the parameter store as
 * {@code __baseline_avg_downstream_cost_<site>} (Pyro's name), so checkpoints carry it; it is read as a constant, never
 * trained, and stored by {@link Svi} together with the step's parameters ({@link ElboEstimate#stateUpdates()}), so
 * {@link Svi#evaluateLoss} leaves it alone. As in Pyro, no baseline is used unless asked for: Pyro asks per site
 * with {@code infer={"baseline": {"use_decaying_avg_baseline": True}}}, Trellis on the estimator.
 *
 * <p>Pyro's neural-network baselines and fixed baseline values are not implemented.
 *
 * <p>Immutable (its settings are final; {@code with...} methods return new estimators), so thread-safe: one estimator
 * may serve several trainings at once. The state it keeps between steps lives in the parameter store.
 */
public final class TraceGraphElbo implements Elbo {

    /** Pyro's default {@code baseline_beta}. */
    public static final double DEFAULT_BASELINE_BETA = 0.90;

    /** Pyro's prefix of the param-store name of a site's decaying-average baseline. */
    public static final String BASELINE_PREFIX = "__baseline_avg_downstream_cost_";

    private static final String NAME = "TraceGraph_ELBO";
    /** The key of {@link #baselineBetas} that stands for every site drawn without rsample. */
    private static final String EVERY_SITE = "";

    private final int numParticles;
    private final Map<String, Integer> subsampleSizes;
    private final Map<String, Double> baselineBetas;

    /** One particle, no baselines: Pyro's defaults. */
    public TraceGraphElbo() {
        this(1);
    }

    /** An estimator averaging over {@code numParticles} independent draws from the guide, without baselines. */
    public TraceGraphElbo(int numParticles) {
        this(numParticles, Map.of(), Map.of());
    }

    private TraceGraphElbo(int numParticles, Map<String, Integer> subsampleSizes, Map<String, Double> baselineBetas) {
        this.numParticles = Particles.requireParticles(NAME, numParticles);
        this.subsampleSizes = Map.copyOf(subsampleSizes);
        this.baselineBetas = Map.copyOf(baselineBetas);
    }

    /**
     * This estimator with plate {@code plate} subsampled to {@code size} members per particle, as
     * {@link TraceElbo#withSubsample(String, int)}.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public TraceGraphElbo withSubsample(String plate, int size) {
        return new TraceGraphElbo(numParticles, Particles.withSubsample(subsampleSizes, plate, size), baselineBetas);
    }

    /** {@return this estimator with a decaying-average baseline of Pyro's default beta 0.90 for guide site {@code site}} */
    public TraceGraphElbo withDecayingAverageBaseline(String site) {
        return withDecayingAverageBaseline(site, DEFAULT_BASELINE_BETA);
    }

    /**
     * Returns this estimator with a decaying-average baseline for guide site {@code site} (Pyro's
     * {@code use_decaying_avg_baseline} with {@code baseline_beta}). It applies when the site is drawn without
     * {@code rsample}; a reparameterised site has no score-function term to baseline.
     *
     * @param beta the weight of the old average, in [0, 1)
     * @throws IllegalArgumentException if beta is outside [0, 1)
     */
    public TraceGraphElbo withDecayingAverageBaseline(String site, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(NAME + ": baseline beta of site '" + site + "' must lie in [0, 1), got "
                    + beta);
        }
        Map<String, Double> betas = new TreeMap<>(baselineBetas);
        betas.put(site, beta);
        return new TraceGraphElbo(numParticles, subsampleSizes, betas);
    }

    /**
     * {@return this estimator with a decaying-average baseline of beta 0.90 for every guide site drawn without
     * {@code rsample}; sites given their own beta keep it}
     */
    public TraceGraphElbo withDecayingAverageBaselines() {
        Map<String, Double> betas = new TreeMap<>(baselineBetas);
        betas.putIfAbsent(EVERY_SITE, DEFAULT_BASELINE_BETA);
        return new TraceGraphElbo(numParticles, subsampleSizes, betas);
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
        Map<String, Tensor> baselines = new LinkedHashMap<>();
        Particles.Particle last = null;
        for (int particle = 0; particle < numParticles; particle++) {
            Particles.Particle traces = Particles.draw(model, guide, params, rng, subsampleSizes, true);
            last = traces;
            DownstreamCosts costs = new DownstreamCosts(traces.model(), traces.guide());
            for (Site site : traces.model().sites()) {
                Tensor logP = costs.logP(site.name());
                elbo += Particles.track(logP, "model site '" + site.name() + "'", nonFinite);
                surrogate = surrogate.add(logP.sum());
            }
            for (Site site : traces.guide().sites()) {
                Tensor logQ = costs.logQ(site.name());
                elbo -= Particles.track(logQ, "guide site '" + site.name() + "'", nonFinite);
                if (site.reparameterised()) {
                    surrogate = surrogate.sub(logQ.sum());
                    continue;
                }
                Tensor cost = costs.of(site);
                Double beta = baselineBetas.getOrDefault(site.name(), baselineBetas.get(EVERY_SITE));
                if (beta != null) {
                    Tensor baseline = baseline(site.name(), cost, baselines, params);
                    baselines.put(BASELINE_PREFIX + site.name(), cost.mul(1 - beta).add(baseline.mul(beta)));
                    cost = cost.sub(baseline);
                }
                surrogate = surrogate.add(site.unscaledLogProb().mul(cost.detach()).sum());
            }
        }
        return new ElboEstimate(-elbo / numParticles, surrogate.neg().div(numParticles), new ArrayList<>(nonFinite),
                last.model(), last.guide(), baselines);
    }

    /** The baseline before this particle: this estimate's latest average, else the store's (zeros the first time). */
    private static Tensor baseline(String site, Tensor cost, Map<String, Tensor> updated, ParamScope params) {
        String name = BASELINE_PREFIX + site;
        Tensor baseline = updated.containsKey(name) ? updated.get(name)
                : params.state(name, () -> Tensor.zeros(cost.shape()));
        if (!Arrays.equals(baseline.shape(), cost.shape())) {
            throw new IllegalArgumentException(NAME + ": the baseline of site '" + site + "' has shape "
                    + Arrays.toString(baseline.shape()) + " but its downstream cost has shape "
                    + Arrays.toString(cost.shape()) + " (Pyro: \"Expected baseline at site " + site + " to be "
                    + Arrays.toString(cost.shape()) + "\")");
        }
        return baseline;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(List.of("numParticles=" + numParticles));
        if (!subsampleSizes.isEmpty()) {
            parts.add("subsample=" + subsampleSizes);
        }
        baselineBetas.forEach((site, beta) -> parts.add("baseline(" + (site.equals(EVERY_SITE) ? "every site" : site)
                + ")=" + beta));
        return "TraceGraphElbo(" + String.join(", ", parts) + ")";
    }
}
