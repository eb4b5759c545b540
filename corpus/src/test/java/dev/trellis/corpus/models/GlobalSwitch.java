package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #11: one global {@code regime} (no plate) that every datum reads. */
@Model
public class GlobalSwitch {
    private final Tensor prior;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: prior, locs and scales [K]. */
    public GlobalSwitch(Tensor prior, Tensor locs, Tensor scales) {
        this.prior = prior;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Enumerate
    Categorical regime() {
        return Categorical.of(prior);
    }

    @Sample @Plate("data") @Observed
    Normal obs(int regime) {
        return Normal.of(locs.get(regime), scales.get(regime));
    }
}
