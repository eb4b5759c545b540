package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Poisson;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #3: a chain {@code state} over {@code time} with a Poisson count per step (a rate per state). */
@Model
public class PoissonHmm {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor rates;

    /** Tables: initial [K]; transition [K, K]; rates [K]. */
    public PoissonHmm(Tensor initial, Tensor transition, Tensor rates) {
        this.initial = initial;
        this.transition = transition;
        this.rates = rates;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical state(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Poisson counts(int state) {
        return Poisson.of(rates.get(state));
    }
}
