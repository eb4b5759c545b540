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

/** Corpus #22: one global {@code mode} selects the transition matrix of the chain {@code x} over {@code time}. */
@Model
public class ChainUnderGlobalSwitch {
    private final Tensor modePrior;
    private final Tensor initial;
    private final Tensor transitions;
    private final Tensor emission;

    /** Tables: modePrior [M]; initial [K]; transitions [M, K, K]; emission [K, S]. */
    public ChainUnderGlobalSwitch(Tensor modePrior, Tensor initial, Tensor transitions, Tensor emission) {
        this.modePrior = modePrior;
        this.initial = initial;
        this.transitions = transitions;
        this.emission = emission;
    }

    @Sample @Enumerate
    Categorical mode() {
        return Categorical.of(modePrior);
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous, int mode) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transitions.select(0, mode).row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x) {
        return Categorical.of(emission.row(x));
    }
}
