package dev.trellis.samples.svi;

import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** A Normal guide for {@link NormalMean}'s mean. */
@Guide(NormalMean.class)
public class NormalMeanGuide {
    @Param
    Tensor loc() {
        return Tensor.scalar(0.0);
    }

    @Param(constraint = "positive")
    Tensor scale() {
        return Tensor.scalar(1.0);
    }

    @Sample
    Normal mu(Tensor loc, Tensor scale) {
        return Normal.of(loc, scale);
    }
}
