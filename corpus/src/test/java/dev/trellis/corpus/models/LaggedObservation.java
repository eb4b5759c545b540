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

/** Corpus #16: the symbol at each step reads the chain's current state and its state one step earlier. */
@Model
public class LaggedObservation {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor firstEmission;
    private final Tensor emission;

    /** Tables: initial [K]; transition [K, K]; firstEmission [K, S]; emission [K, K, S] (state before, state now). */
    public LaggedObservation(Tensor initial, Tensor transition, Tensor firstEmission, Tensor emission) {
        this.initial = initial;
        this.transition = transition;
        this.firstEmission = firstEmission;
        this.emission = emission;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x, @Previous(value = "x") Integer before) {
        return before == null ? Categorical.of(firstEmission.row(x))
                : Categorical.of(emission.select(0, before).row(x));
    }
}
