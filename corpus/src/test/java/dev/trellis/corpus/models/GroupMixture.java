package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #8: each group picks a component {@code z}; every item of the group (ragged) is Normal around it. */
@Model
public class GroupMixture {
    private final Tensor weights;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: weights, locs and scales [K]. */
    public GroupMixture(Tensor weights, Tensor locs, Tensor scales) {
        this.weights = weights;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Plate("groups") @Enumerate
    Categorical z() {
        return Categorical.of(weights);
    }

    @Sample @Plate({"groups", "items"}) @Observed
    Normal obs(int z) {
        return Normal.of(locs.get(z), scales.get(z));
    }
}
