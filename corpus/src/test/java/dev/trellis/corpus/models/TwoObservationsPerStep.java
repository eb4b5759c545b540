package dev.trellis.corpus.models;

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

/** Corpus #31: a chain {@code x} over {@code time} with a categorical symbol and a Normal level at every step. */
@Model
public class TwoObservationsPerStep {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor emission;
    private final Tensor levelLocs;
    private final Tensor levelScales;

    /** Tables: initial [K]; transition [K, K]; emission [K, S]; levelLocs and levelScales [K]. */
    public TwoObservationsPerStep(Tensor initial, Tensor transition, Tensor emission, Tensor levelLocs,
            Tensor levelScales) {
        this.initial = initial;
        this.transition = transition;
        this.emission = emission;
        this.levelLocs = levelLocs;
        this.levelScales = levelScales;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical symbol(int x) {
        return Categorical.of(emission.row(x));
    }

    @Sample @Plate("time") @Observed
    Normal level(int x) {
        return Normal.of(levelLocs.get(x), levelScales.get(x));
    }
}
