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

/** Corpus #4: a plate of ragged sequences, each a chain {@code x} over {@code time} starting from state 0. */
@Model
public class SequencesHmm {
    private final Tensor transition;
    private final Tensor emission;

    /** Tables: transition [K, K] (row 0 also starts every sequence); emission [K, S]. */
    public SequencesHmm(Tensor transition, Tensor emission) {
        this.transition = transition;
        this.emission = emission;
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous(initial = 0) int previous) {
        return Categorical.of(transition.row(previous));
    }

    @Sample @Plate({"sequences", "time"}) @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
