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

/** Corpus #23: independent chains {@code u} and {@code v} over {@code time}, each with its own observation. */
@Model
public class TwoChainsTwoObservations {
    private final Tensor initialU;
    private final Tensor transitionU;
    private final Tensor emissionU;
    private final Tensor initialV;
    private final Tensor transitionV;
    private final Tensor emissionV;

    /** Tables per chain: initial [K]; transition [K, K]; emission [K, S]. */
    public TwoChainsTwoObservations(Tensor initialU, Tensor transitionU, Tensor emissionU, Tensor initialV,
            Tensor transitionV, Tensor emissionV) {
        this.initialU = initialU;
        this.transitionU = transitionU;
        this.emissionU = emissionU;
        this.initialV = initialV;
        this.transitionV = transitionV;
        this.emissionV = emissionV;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical u(@Previous Integer previous) {
        return previous == null ? Categorical.of(initialU) : Categorical.of(transitionU.row(previous));
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical v(@Previous Integer previous) {
        return previous == null ? Categorical.of(initialV) : Categorical.of(transitionV.row(previous));
    }

    @Sample @Plate("time") @Observed
    Categorical p(int u) {
        return Categorical.of(emissionU.row(u));
    }

    @Sample @Plate("time") @Observed
    Categorical q(int v) {
        return Categorical.of(emissionV.row(v));
    }
}
