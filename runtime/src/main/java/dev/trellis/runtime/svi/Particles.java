package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the ELBO estimators share: drawing one particle (a guide run and the model replayed on it) and their settings. */
final class Particles {

    private Particles() {
    }

    /** The traces of one particle: the guide's draws and the model scored at them. */
    record Particle(Trace model, Trace guide) {}

    /**
     * Runs the guide once, subsampling the named plates, and replays the model on its draws; {@code chainsAtOnce} as
     * {@link ModelReplay#run}.
     */
    static Particle draw(Program model, Program guide, ParamScope params, Rng rng, Map<String, Integer> subsample,
            boolean chainsAtOnce) {
        Trace guided = GuideRun.run(guide, params, rng, subsample);
        return new Particle(ModelReplay.run(model, params, guided, rng, subsample, chainsAtOnce), guided);
    }

    /** {@return {@code numParticles}, checked to be at least 1} */
    static int requireParticles(String estimator, int numParticles) {
        if (numParticles < 1) {
            throw new IllegalArgumentException(estimator + ": numParticles must be at least 1, got " + numParticles);
        }
        return numParticles;
    }

    /** {@return the subsample sizes with plate {@code plate} subsampled to {@code size}} */
    static Map<String, Integer> withSubsample(Map<String, Integer> sizes, String plate, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("plate '" + plate + "': subsample size " + size + " must be at least 1");
        }
        Map<String, Integer> next = new TreeMap<>(sizes);
        next.put(plate, size);
        return Map.copyOf(next);
    }

    /** {@return the sum of a site's term, recording {@code where} when the sum is NaN or infinite} */
    static double track(Tensor term, String where, Set<String> nonFinite) {
        double sum = term.sum().item();
        if (!Double.isFinite(sum)) {
            nonFinite.add(where);
        }
        return sum;
    }
}
