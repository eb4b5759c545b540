package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #29: a diamond without plates: {@code a} drives {@code b} and {@code c}, which both drive the datum. */
@Model
public class Diamond {
    private final Tensor priorA;
    private final Tensor tableB;
    private final Tensor tableC;
    private final Tensor tableD;

    /** Tables: priorA [Ka]; tableB [Ka, Kb]; tableC [Ka, Kc]; tableD [Kb, Kc, S]. */
    public Diamond(Tensor priorA, Tensor tableB, Tensor tableC, Tensor tableD) {
        this.priorA = priorA;
        this.tableB = tableB;
        this.tableC = tableC;
        this.tableD = tableD;
    }

    @Sample @Enumerate
    Categorical a() {
        return Categorical.of(priorA);
    }

    @Sample @Enumerate
    Categorical b(int a) {
        return Categorical.of(tableB.row(a));
    }

    @Sample @Enumerate
    Categorical c(int a) {
        return Categorical.of(tableC.row(a));
    }

    @Sample @Observed
    Categorical d(int b, int c) {
        return Categorical.of(tableD.select(0, b).row(c));
    }
}
