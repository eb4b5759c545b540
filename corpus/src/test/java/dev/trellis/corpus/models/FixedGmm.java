package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #15: a Gaussian mixture with fixed weights, locations and scales; one assignment per datum. */
@Model
public class FixedGmm {
    private final Tensor weights;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: weights, locs and scales [K]. */
    public FixedGmm(Tensor weights, Tensor locs, Tensor scales) {
        this.weights = weights;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Plate("data") @Enumerate
    Categorical assignment() {
        return Categorical.of(weights);
    }

    @Sample @Plate("data") @Observed
    Normal obs(int assignment) {
        return Normal.of(locs.get(assignment), scales.get(assignment));
    }
}
