package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #30: per data point {@code z1} and {@code z2(z1)}; a folded plate of categorical trials reads {@code z2}. */
@Model
public class PairPerPoint {
    private final Tensor prior;
    private final Tensor pairTable;
    private final Tensor emission;

    /** Tables: prior [K1]; pairTable [K1, K2]; emission [K2, S]. */
    public PairPerPoint(Tensor prior, Tensor pairTable, Tensor emission) {
        this.prior = prior;
        this.pairTable = pairTable;
        this.emission = emission;
    }

    @Sample @Plate("data") @Enumerate
    Categorical z1() {
        return Categorical.of(prior);
    }

    @Sample @Plate("data") @Enumerate
    Categorical z2(int z1) {
        return Categorical.of(pairTable.row(z1));
    }

    @Sample @Plate({"data", "trials"}) @Observed
    Categorical obs(int z2) {
        return Categorical.of(emission.row(z2));
    }
}
