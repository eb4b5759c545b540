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

/** Corpus #14: a chain {@code x} over {@code time} and, per step, an enumerated {@code z} reading it (no chain). */
@Model
public class TwoSitesPerStep {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor zTable;
    private final Tensor emission;

    /** Tables: initial [Kx]; transition [Kx, Kx]; zTable [Kx, Kz]; emission [Kx, Kz, S]. */
    public TwoSitesPerStep(Tensor initial, Tensor transition, Tensor zTable, Tensor emission) {
        this.initial = initial;
        this.transition = transition;
        this.zTable = zTable;
        this.emission = emission;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Enumerate
    Categorical z(int x) {
        return Categorical.of(zTable.row(x));
    }

    @Sample @Plate("time") @Observed
    Categorical y(int x, int z) {
        return Categorical.of(emission.select(0, x).row(z));
    }
}
