package dev.trellis.samples.jsb;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Pyro's examples/hmm.py {@code model_6} without Raftery's parameterisation: a second-order chain,
 * {@code x_t ~ probs_x[x_{t-2}, x_{t-1}]} starting from two zeros, and the tones from {@code probs_y[x_t]}. Its tables
 * are learned parameters without priors ({@code pyro.param}), initialised uniformly at random as hmm.py does. Trellis
 * sums the chain out as a first-order chain over pairs of consecutive states.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
public class Hmm2 {
    final int hidden;
    final int tones;
    private final long seed;

    /** The model with {@code hidden} states over {@code tones}; {@code seed} draws the parameters' initial values. */
    public Hmm2(int hidden, int tones, long seed) {
        this.hidden = hidden;
        this.tones = tones;
        this.seed = seed;
    }

    /** {@return uniform draws, each row divided by its sum (transform_to(simplex) of their logs, as pyro.param)} */
    @Param(name = "probs_x", constraint = "simplex") @Shape("states, states, states")
    Tensor probsX() {
        Tensor draws = uniform(seed, hidden, hidden, hidden);
        return draws.div(draws.sum(-1, true));
    }

    @Param(name = "probs_y", constraint = "unit_interval") @Shape("states, tones")
    Tensor probsY() {
        return uniform(seed + 1, hidden, tones);
    }

    @Sample @Plate("sequences") @Markov(over = "time", history = 2) @Enumerate(domain = "states") @Shape
    Categorical x(@Previous(initial = 0) int previous, @Previous(lag = 2, initial = 0) int earlier,
                  @Site("probs_x") @IndexedBy({"earlier", "previous"}) Tensor probsX) {
        return Categorical.of(probsX.select(0, earlier).select(0, previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed @Shape
    Bernoulli y(int x, @Site("probs_y") @IndexedBy("x") Tensor probsY) {
        return Bernoulli.of(probsY.select(0, x));
    }

    private static Tensor uniform(long seed, int... shape) {
        Rng rng = Rng.seeded(seed);
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.01 + 0.98 * rng.nextDouble();
        }
        return Tensor.of(values, shape);
    }
}
