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
 * A factorial HMM with three independent chains {@code a}, {@code b}, {@code c} of K states each and one Normal
 * reading of the sum of their levels: energy disaggregation, where each chain is an appliance (K = 2: off and on) and
 * the reading is the household's meter. Trellis scans the three chains together, one transition at a time
 * ({@code 3 K^4} per step, never the {@code K^6} of the joint chain).
 */
@Model
public class FactorialHmm {
    private final Tensor[] initial = new Tensor[3];
    private final Tensor[] transition = new Tensor[3];
    private final double[][] levels = new double[3][];
    private final double noise;

    /**
     * Three K-state chains with sticky transitions; chain i's level in state s is {@code s (i + 1) 100} (K = 2: off,
     * or on at 100, 200 or 300 W), the reading Normal around the sum of the levels with scale {@code noise}. With noise
     * 20 a configuration 300 W from the reading is e^-112 less likely, and one 600 W away e^-450, below what the scaled
     * passes carry (2^-500 = e^-347): the scan then runs in log space. With noise 200 it stays in scaled space.
     */
    public FactorialHmm(int states, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int chain = 0; chain < 3; chain++) {
            initial[chain] = Tensor.vector(RandomTables.dirichlet(random, states));
            transition[chain] = Tensor.matrix(RandomTables.sticky(random, states));
            levels[chain] = new double[states];
            for (int s = 0; s < states; s++) {
                levels[chain][s] = s * (chain + 1) * 100.0;
            }
        }
        this.noise = noise;
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical a(@Previous Integer previous) {
        return step(0, previous);
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical b(@Previous Integer previous) {
        return step(1, previous);
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical c(@Previous Integer previous) {
        return step(2, previous);
    }

    @Sample
    @Plate("time")
    @Observed
    Normal meter(int a, int b, int c) {
        return Normal.of(levels[0][a] + levels[1][b] + levels[2][c], noise);
    }

    private Categorical step(int chain, Integer previous) {
        return previous == null ? Categorical.of(initial[chain]) : Categorical.of(transition[chain].row(previous));
    }
}
