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

/** Corpus #2: a chain {@code state} over {@code time} with a Normal reading per step (per-state loc and scale). */
@Model
public class GaussianHmm {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: initial [K]; transition [K, K]; locs and scales [K]. */
    public GaussianHmm(Tensor initial, Tensor transition, Tensor locs, Tensor scales) {
        this.initial = initial;
        this.transition = transition;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical state(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    Normal obs(int state) {
        return Normal.of(locs.get(state), scales.get(state));
    }
}
