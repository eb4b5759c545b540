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
 * Corpus #7: each sequence picks a {@code cluster}; its chain {@code x} over {@code time} moves by that cluster's
 * transition matrix.
 */
@Model
public class MixtureOfHmms {
    private final Tensor weights;
    private final Tensor initial;
    private final Tensor transitions;
    private final Tensor emission;

    /** Tables: weights [C]; initial [K]; transitions [C, K, K]; emission [K, S]. */
    public MixtureOfHmms(Tensor weights, Tensor initial, Tensor transitions, Tensor emission) {
        this.weights = weights;
        this.initial = initial;
        this.transitions = transitions;
        this.emission = emission;
    }

    @Sample @Plate("sequences") @Enumerate
    Categorical cluster() {
        return Categorical.of(weights);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous, int cluster) {
        return previous == null ? Categorical.of(initial)
                : Categorical.of(transitions.select(0, cluster).row(previous));
    }

    @Sample @Plate({"sequences", "time"}) @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
