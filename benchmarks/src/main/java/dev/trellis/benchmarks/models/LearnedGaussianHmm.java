package dev.trellis.benchmarks.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * {@link GaussianHmm} with its tables as learned parameters ({@code pyro.param}): the transition matrix (its row 0
 * also starts the chain), the means and the scales. Trellis generates {@code LearnedGaussianHmmProgram}, whose run adds
 * the exact log-likelihood as a factor with the elimination's adjoints as its backward pass.
 */
@Model
public class LearnedGaussianHmm {
    private final int states;
    private final double initialScale;
    private final long seed;

    /**
     * The model with {@code states} states, its means starting at 0, 1, ..., K - 1 and its scales at
     * {@code initialScale}; {@code seed} draws the transition matrix's initial value.
     */
    public LearnedGaussianHmm(int states, double initialScale, long seed) {
        this.states = states;
        this.initialScale = initialScale;
        this.seed = seed;
    }

    @Param(name = "probs_x", constraint = "simplex")
    Tensor probsX() {
        return Tensor.matrix(RandomTables.sticky(new SplittableRandom(seed), states));
    }

    @Param(name = "locs")
    Tensor locs() {
        return Tensor.arange(states).mul(1.0);
    }

    @Param(name = "scales", constraint = "positive")
    Tensor scales() {
        return Tensor.full(initialScale, states);
    }

    @Sample
    @Markov(over = "time")
    @Enumerate
    Categorical state(@Previous(initial = 0) int previous, @Site("probs_x") Tensor probsX) {
        return Categorical.of(probsX.select(0, previous));
    }

    @Sample
    @Plate("time")
    @Observed
    Normal y(int state, @Site("locs") Tensor locs, @Site("scales") Tensor scales) {
        return Normal.of(locs.select(0, state), scales.select(0, state));
    }
}
