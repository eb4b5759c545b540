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

/**
 * Corpus #17: a chain {@code x} of history 2 whose earlier states are null before the start: step 0 draws from
 * {@code initial}, step 1 from {@code second}'s row, every later step from the second-order table.
 */
@Model
public class SecondOrderNullStart {
    private final Tensor initial;
    private final Tensor second;
    private final Tensor transition;
    private final Tensor emission;

    /** Tables: initial [K]; second [K, K]; transition [K, K, K] (x at t-2, t-1, x at t); emission [K, S]. */
    public SecondOrderNullStart(Tensor initial, Tensor second, Tensor transition, Tensor emission) {
        this.initial = initial;
        this.second = second;
        this.transition = transition;
        this.emission = emission;
    }

    @Sample @Markov(over = "time", history = 2) @Enumerate
    Categorical x(@Previous Integer last, @Previous(lag = 2) Integer beforeLast) {
        if (last == null) {
            return Categorical.of(initial);
        }
        return beforeLast == null ? Categorical.of(second.row(last))
                : Categorical.of(transition.select(0, beforeLast).row(last));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
