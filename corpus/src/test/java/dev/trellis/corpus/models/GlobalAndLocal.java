package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #32: a global enumerated {@code g}, a local {@code z(g)} per datum, and the datum reading both. */
@Model
public class GlobalAndLocal {
    private final Tensor priorG;
    private final Tensor tableZ;
    private final Tensor locs;
    private final Tensor scales;

    /** Tables: priorG [Kg]; tableZ [Kg, Kz]; locs [Kz, Kg]; scales [Kg]. */
    public GlobalAndLocal(Tensor priorG, Tensor tableZ, Tensor locs, Tensor scales) {
        this.priorG = priorG;
        this.tableZ = tableZ;
        this.locs = locs;
        this.scales = scales;
    }

    @Sample @Enumerate
    Categorical g() {
        return Categorical.of(priorG);
    }

    @Sample @Plate("data") @Enumerate
    Categorical z(int g) {
        return Categorical.of(tableZ.row(g));
    }

    @Sample @Plate("data") @Observed
    Normal obs(int z, int g) {
        return Normal.of(locs.get(z, g), scales.get(g));
    }
}
