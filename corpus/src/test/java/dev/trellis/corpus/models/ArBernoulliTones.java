package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Corpus #21: hmm.py {@code model_2} with fixed tables: tone d at step t is Bernoulli with the probability of row
 * {@code y_{t-1}[d]} (nothing sounds before the first step) of the current state.
 */
@Model
public class ArBernoulliTones {
    private final Tensor transition;
    private final Tensor toneProbabilities;

    /** Tables: transition [K, K] (row 0 starts every sequence); toneProbabilities [K, 2, tones]. */
    public ArBernoulliTones(Tensor transition, Tensor toneProbabilities) {
        this.transition = transition;
        this.toneProbabilities = toneProbabilities;
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous(initial = 0) int previous) {
        return Categorical.of(transition.row(previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed
    Bernoulli y(int x, @Previous(initial = 0) Tensor previous) {
        Tensor rows = toneProbabilities.select(0, x);
        return Bernoulli.of(rows.select(0, 1).mul(previous).add(rows.select(0, 0).mul(previous.neg().add(1.0))));
    }
}
