package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #1: a first-order chain {@code weather} over {@code days} started from {@code pi}, one activity per day. */
@Model
public class RainSun {
    private final Tensor pi;
    private final Tensor transition;
    private final Tensor emission;

    /** Tables: pi [K]; transition [K, K]; emission [K, S]. */
    public RainSun(Tensor pi, Tensor transition, Tensor emission) {
        this.pi = pi;
        this.transition = transition;
        this.emission = emission;
    }

    @Sample @Markov(over = "days") @Enumerate
    Categorical weather(@Previous Integer yesterday) {
        return yesterday == null ? Categorical.of(pi) : Categorical.of(transition.row(yesterday));
    }

    @Sample @Plate("days") @Observed
    Categorical activity(int weather) {
        return Categorical.of(emission.row(weather));
    }
}
