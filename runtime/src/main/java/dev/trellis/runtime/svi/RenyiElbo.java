package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Rényi divergence bound of order {@code alpha}, as Pyro's {@code RenyiELBO} (Li and Turner, "Rényi Divergence
 * Variational Inference"): with {@code K} particles and log weights {@code w_k = log p(x, z_k) - log q(z_k)},
 * <pre>{@code
 *   bound = 1/(1 - alpha) * log( (1/K) sum_k exp((1 - alpha) w_k) )
 * }</pre>
 * and the loss is {@code -bound}. At {@code alpha = 0} it is the importance-weighted bound of Burda et al. (IWAE),
 * {@code log (1/K) sum_k exp(w_k)}; as {@code alpha -> 1} it tends to the average of the {@code w_k}, Trace_ELBO's
 * estimate, and {@code alpha = 1} itself is rejected (use {@link TraceElbo}). For {@code alpha >= 0} it is a lower
 * bound on {@code log p(x)} in expectation, which tightens as {@code K} grows.
 *
 * <p>Plates: as Pyro, the plates every model site sits in stay separate (the bound is taken per member and then
 * summed), and every other plate dimension is summed into the weights.
 *
 * <p>Gradient, Pyro's estimator: the surrogate is {@code (1/K) sum_k v_k s_k} with the normalised weights
 * {@code v_k = exp((1 - alpha) w_k - log mean exp((1 - alpha) w))} held constant and the particle surrogates
 * {@code s_k = log p(x, z_k) - log q(z_k)} for reparameterised guide sites, to which a guide site drawn without
 * {@code rsample} adds {@code alpha / (1 - alpha) log q(z_k)} (Pyro's score term, kept as it is).
 *
 * <p>Defaults as Pyro: {@code alpha = 0}, {@code K = 2}.
 *
 * <p>Immutable (its settings are final; {@code with...} methods return new estimators), so thread-safe: one estimator
 * may serve several trainings at once. The state it keeps between steps lives in the parameter store.
 */
public final class RenyiElbo implements Elbo {

    private static final String NAME = "RenyiELBO";

    private final double alpha;
    private final int numParticles;
    private final Map<String, Integer> subsampleSizes;

    /** The importance-weighted bound with two particles: Pyro's defaults, {@code RenyiELBO()}. */
    public RenyiElbo() {
        this(0.0, 2);
    }

    /**
     * The bound of order {@code alpha} with {@code numParticles} particles.
     *
     * @throws IllegalArgumentException if alpha is 1 (Pyro: use Trace_ELBO) or not finite, or numParticles is below 1
     */
    public RenyiElbo(double alpha, int numParticles) {
        this(alpha, numParticles, Map.of());
    }

    private RenyiElbo(double alpha, int numParticles, Map<String, Integer> subsampleSizes) {
        if (alpha == 1) {
            throw new IllegalArgumentException(NAME + ": the order alpha must not be 1; for alpha = 1 use TraceElbo, "
                    + "whose gradient estimate has lower variance");
        }
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException(NAME + ": the order alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
        this.numParticles = Particles.requireParticles(NAME, numParticles);
        this.subsampleSizes = Map.copyOf(subsampleSizes);
    }

    /**
     * This estimator with plate {@code plate} subsampled to {@code size} members per particle, as
     * {@link TraceElbo#withSubsample(String, int)}.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public RenyiElbo withSubsample(String plate, int size) {
        return new RenyiElbo(alpha, numParticles, Particles.withSubsample(subsampleSizes, plate, size));
    }

    /** {@return the order alpha} */
    public double alpha() {
        return alpha;
    }

    /** {@return the number of particles K} */
    public int numParticles() {
        return numParticles;
    }

    @Override
    public ElboEstimate estimate(Program model, Program guide, ParamScope params, Rng rng) {
        List<Tensor> weights = new ArrayList<>();
        List<Tensor> surrogates = new ArrayList<>();
        Set<String> nonFinite = new LinkedHashSet<>();
        Particles.Particle last = null;
        double scoreFactor = alpha / (1 - alpha);
        for (int particle = 0; particle < numParticles; particle++) {
            Particles.Particle traces = Particles.draw(model, guide, params, rng, subsampleSizes, true);
            last = traces;
            List<Plate> common = commonPlates(traces.model());
            Tensor weight = Tensor.scalar(0.0);
            Tensor surrogate = Tensor.scalar(0.0);
            for (Site site : traces.model().sites()) {
                Tensor logP = keepOnly(site.logProb(), site.plates(), common);
                Particles.track(logP, "model site '" + site.name() + "'", nonFinite);
                weight = weight.add(logP.detach());
                surrogate = surrogate.add(logP);
            }
            for (Site site : traces.guide().sites()) {
                Tensor logQ = keepOnly(site.logProb(), site.plates(), common);
                Particles.track(logQ, "guide site '" + site.name() + "'", nonFinite);
                weight = weight.sub(logQ.detach());
                surrogate = site.reparameterised() ? surrogate.sub(logQ) : surrogate.add(logQ.mul(scoreFactor));
            }
            weights.add(weight);
            surrogates.add(surrogate);
        }
        int[] shape = Tensor.broadcastShapes(weights.stream().map(Tensor::shape).toArray(int[][]::new));
        Tensor logWeights = stack(weights, shape).mul(1 - alpha);
        Tensor logMeanWeight = logWeights.logSumExp(0, true).sub(Math.log(numParticles));
        double bound = logMeanWeight.sum().item() / (1 - alpha);
        Tensor normalised = logWeights.sub(logMeanWeight).exp().detach();
        Tensor surrogateBound = normalised.mul(stack(surrogates, shape)).sum().div(numParticles);
        List<String> reported = Double.isFinite(bound) ? List.of() : new ArrayList<>(nonFinite);
        return new ElboEstimate(-bound, surrogateBound.neg(), reported, last.model(), last.guide());
    }

    /** Pyro's {@code get_dependent_plate_dims}, inverted: the plates that every model site sits in. */
    private static List<Plate> commonPlates(Trace model) {
        Map<String, Plate> common = null;
        for (Site site : model.sites()) {
            Map<String, Plate> own = new LinkedHashMap<>();
            site.plates().forEach(plate -> own.put(plate.name(), plate));
            if (common == null) {
                common = own;
            } else {
                common.keySet().retainAll(own.keySet());
            }
        }
        return common == null ? List.of() : new ArrayList<>(common.values());
    }

    /** Sums a site's term over the dims of its plates that are not common to every site (Pyro's {@code torch_sum}). */
    private static Tensor keepOnly(Tensor term, List<Plate> plates, List<Plate> common) {
        Tensor kept = term;
        for (Plate plate : plates) {
            int axis = kept.rank() + plate.dim();
            if (axis >= 0 && !PlateSums.containsPlate(common, plate)) {
                kept = kept.sum(axis, true);
            }
        }
        while (kept.rank() > 0 && kept.shape()[0] == 1 && !hasDim(common, -kept.rank())) {
            kept = kept.squeeze(0);
        }
        return kept;
    }

    private static boolean hasDim(List<Plate> plates, int dim) {
        return plates.stream().anyMatch(plate -> plate.dim() == dim);
    }

    /** Stacks the particles' terms along a new first dimension, each broadcast to the common shape. */
    private static Tensor stack(List<Tensor> terms, int[] shape) {
        List<Tensor> expanded = new ArrayList<>();
        for (Tensor term : terms) {
            expanded.add(term.expand(shape));
        }
        return Tensor.stack(0, expanded);
    }

    @Override
    public String toString() {
        return "RenyiElbo(alpha=" + alpha + ", numParticles=" + numParticles + (subsampleSizes.isEmpty() ? ""
                : ", subsample=" + subsampleSizes) + ")";
    }
}
