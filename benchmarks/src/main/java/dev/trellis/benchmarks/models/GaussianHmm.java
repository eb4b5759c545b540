package dev.trellis.benchmarks.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * An HMM with Normal emissions and fixed tables: {@code state_0 ~ Categorical(initial)},
 * {@code state_t ~ Categorical(transition[state_{t-1}])}, {@code y_t ~ Normal(locs[state_t], scales[state_t])}.
 * Trellis generates {@code GaussianHmmInference}; its evidence is one {@code logProb} call per state over all steps.
 */
@Model
public class GaussianHmm {
    private final Tensor initial;
    private final Tensor transition;
    private final double[] locs;
    private final double[] scales;

    private GaussianHmm(Tensor initial, Tensor transition, double[] locs, double[] scales) {
        this.initial = initial;
        this.transition = transition;
        this.locs = locs;
        this.scales = scales;
    }

    /**
     * A K-state model with sticky transitions, means 0, 1, ..., K - 1 and scales in [s, 2 s], from a seed. With s = 0.3
     * the states are well separated: a reading far from a state's mean makes it e^-1000 less likely than the nearest,
     * which is below what the scaled passes carry (2^-500), so the exact passes run such steps in log space. With s = 3
     * the densities overlap and every step stays in scaled space.
     */
    public static GaussianHmm random(int states, double s, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] locs = new double[states];
        double[] scales = new double[states];
        for (int k = 0; k < states; k++) {
            locs[k] = k;
            scales[k] = s * (1.0 + random.nextDouble());
        }
        return new GaussianHmm(Tensor.vector(RandomTables.dirichlet(random, states)),
                Tensor.matrix(RandomTables.sticky(random, states)), locs, scales);
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical state(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample
    @Plate("time")
    @Observed
    Normal y(int state) {
        return Normal.of(locs[state], scales[state]);
    }
}
