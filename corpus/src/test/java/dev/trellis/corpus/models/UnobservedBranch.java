package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #26: global {@code a} read by the data, and {@code b(a)} that nothing reads (it sums to 1 out of it). */
@Model
public class UnobservedBranch {
    private final Tensor priorA;
    private final Tensor tableB;
    private final Tensor emission;

    /** Tables: priorA [Ka]; tableB [Ka, Kb]; emission [Ka, S]. */
    public UnobservedBranch(Tensor priorA, Tensor tableB, Tensor emission) {
        this.priorA = priorA;
        this.tableB = tableB;
        this.emission = emission;
    }

    @Sample @Enumerate
    Categorical a() {
        return Categorical.of(priorA);
    }

    @Sample @Enumerate
    Categorical b(int a) {
        return Categorical.of(tableB.row(a));
    }

    @Sample @Plate("data") @Observed
    Categorical y(int a) {
        return Categorical.of(emission.row(a));
    }
}
