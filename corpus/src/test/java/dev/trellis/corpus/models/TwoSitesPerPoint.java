package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #9: two enumerated sites per data point, {@code b} reading {@code a}; the datum reads both. */
@Model
public class TwoSitesPerPoint {
    private final Tensor priorA;
    private final Tensor tableB;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: priorA [Ka]; tableB [Ka, Kb]; locs [Ka, Kb]; scales [Ka]. */
    public TwoSitesPerPoint(Tensor priorA, Tensor tableB, Tensor locs, Tensor scales) {
        this.priorA = priorA;
        this.tableB = tableB;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Plate("data") @Enumerate
    Categorical a() {
        return Categorical.of(priorA);
    }

    @Sample @Plate("data") @Enumerate
    Categorical b(int a) {
        return Categorical.of(tableB.row(a));
    }

    @Sample @Plate("data") @Observed
    Normal obs(int a, int b) {
        return Normal.of(locs.get(a, b), scales.get(a));
    }
}
