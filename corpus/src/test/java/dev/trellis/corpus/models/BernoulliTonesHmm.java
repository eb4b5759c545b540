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

/** Corpus #20: hmm.py {@code model_1} with fixed tables: a Bernoulli per tone (folded) at each step of a sequence. */
@Model
public class BernoulliTonesHmm {
    private final Tensor transition;
    private final Tensor toneProbabilities;

    /** Tables: transition [K, K] (row 0 starts every sequence); toneProbabilities [K, tones]. */
    public BernoulliTonesHmm(Tensor transition, Tensor toneProbabilities) {
        this.transition = transition;
        this.toneProbabilities = toneProbabilities;
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous(initial = 0) int previous) {
        return Categorical.of(transition.row(previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed
    Bernoulli y(int x) {
        return Bernoulli.of(toneProbabilities.row(x));
    }
}
