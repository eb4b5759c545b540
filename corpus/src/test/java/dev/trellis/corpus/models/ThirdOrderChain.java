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

/** Corpus #12: a chain {@code x} of history 3 over {@code time}, every earlier state 0 before the start. */
@Model
public class ThirdOrderChain {
    private final Tensor transition;
    private final Tensor emission;

    /** Tables: transition [K, K, K, K] indexed (x at t-3, t-2, t-1, x at t); emission [K, S]. */
    public ThirdOrderChain(Tensor transition, Tensor emission) {
        this.transition = transition;
        this.emission = emission;
    }

    @Sample @Markov(over = "time", history = 3) @Enumerate
    Categorical x(@Previous(initial = 0) int last, @Previous(lag = 2, initial = 0) int second,
            @Previous(lag = 3, initial = 0) int third) {
        return Categorical.of(transition.select(0, third).select(0, second).row(last));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
