package dev.trellis.samples.svi;

import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** A Normal per data point whose means are a plate-local parameter: a minibatch reads only its members' means. */
@Guide(LocalMeans.class)
public class LocalMeansGuide {
    private final int size;

    public LocalMeansGuide(int size) {
        this.size = size;
    }

    @Param @Plate("data")
    Tensor loc() {
        return Tensor.arange(size).mul(0.1);
    }

    @Sample @Plate("data")
    Normal mu(Tensor loc) {
        return Normal.of(loc, Tensor.scalar(0.3));
    }
}
