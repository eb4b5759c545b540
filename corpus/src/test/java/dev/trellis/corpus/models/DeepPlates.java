package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #18: nested plates a, b, c: {@code u} per a, {@code v(u)} per (a, b), Normal readings per (a, b, c). */
@Model
public class DeepPlates {
    private final Tensor priorU;
    private final Tensor tableV;
    private final Tensor locs;
    private final double scale;

    /** Tables: priorU [Ku]; tableV [Ku, Kv]; locs [Kv]; scale > 0. */
    public DeepPlates(Tensor priorU, Tensor tableV, Tensor locs, double scale) {
        this.priorU = priorU;
        this.tableV = tableV;
        this.locs = locs;
        this.scale = scale;
    }

    @Sample @Plate("a") @Enumerate
    Categorical u() {
        return Categorical.of(priorU);
    }

    @Sample @Plate({"a", "b"}) @Enumerate
    Categorical v(int u) {
        return Categorical.of(tableV.row(u));
    }

    @Sample @Plate({"a", "b", "c"}) @Observed
    Normal obs(int v) {
        return Normal.of(locs.get(v), scale);
    }
}
