package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.MultivariateNormal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #27: a chain {@code state} over {@code time} emitting a two-dimensional MultivariateNormal per step. */
@Model
public class MvnHmm {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor locs;
    private final Tensor scaleTrils;

    /** Tables: initial [K]; transition [K, K]; locs [K, 2]; scaleTrils [K, 2, 2] (lower Cholesky factors). */
    public MvnHmm(Tensor initial, Tensor transition, Tensor locs, Tensor scaleTrils) {
        this.initial = initial;
        this.transition = transition;
        this.locs = locs;
        this.scaleTrils = scaleTrils;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical state(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate("time") @Observed
    MultivariateNormal obs(int state) {
        return MultivariateNormal.of(locs.row(state), scaleTrils.select(0, state));
    }
}
