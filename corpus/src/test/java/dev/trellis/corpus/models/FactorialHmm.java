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

/**
 * Corpus #5: three independent two-state chains {@code a}, {@code b}, {@code c} over {@code time}, each starting
 * from state 0; one Normal reading per step around the sum of the three chains' effects.
 */
@Model
public class FactorialHmm {
    private final Tensor transitionA;
    private final Tensor transitionB;
    private final Tensor transitionC;
    private final Tensor effects;
    private final double scale;

    /** Tables: transitionA, transitionB, transitionC [2, 2]; effects [3, 2] (chain, state); scale > 0. */
    public FactorialHmm(Tensor transitionA, Tensor transitionB, Tensor transitionC, Tensor effects, double scale) {
        this.transitionA = transitionA;
        this.transitionB = transitionB;
        this.transitionC = transitionC;
        this.effects = effects;
        this.scale = scale;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical a(@Previous(initial = 0) int previous) {
        return Categorical.of(transitionA.row(previous));
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical b(@Previous(initial = 0) int previous) {
        return Categorical.of(transitionB.row(previous));
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical c(@Previous(initial = 0) int previous) {
        return Categorical.of(transitionC.row(previous));
    }

    @Sample @Plate("time") @Observed
    Normal reading(int a, int b, int c) {
        return Normal.of(effects.get(0, a) + effects.get(1, b) + effects.get(2, c), scale);
    }
}
