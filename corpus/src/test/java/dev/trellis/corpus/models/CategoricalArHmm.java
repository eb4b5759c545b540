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

/** Corpus #13: an autoregressive HMM whose symbol reads the current state and its own previous value (0 first). */
@Model
public class CategoricalArHmm {
    private final Tensor transition;
    private final Tensor emission;

    /** Tables: transition [K, K] (row 0 starts the chain); emission [K, S, S] (state, previous symbol, symbol). */
    public CategoricalArHmm(Tensor transition, Tensor emission) {
        this.transition = transition;
        this.emission = emission;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous(initial = 0) int previous) {
        return Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x, @Previous(initial = 0) int previous) {
        return Categorical.of(emission.select(0, x).row(previous));
    }
}
