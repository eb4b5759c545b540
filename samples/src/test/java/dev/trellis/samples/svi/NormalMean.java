package dev.trellis.samples.svi;

import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * mu ~ Normal(0, 10); x_i ~ Normal(mu, scale_i) for i in plate "data". The per-point scales are a covariate the model
 * holds, so the site reads the plate to take this run's members of it (all of them, or a minibatch).
 */
@Model
public class NormalMean {
    private final Tensor scales;

    public NormalMean(Tensor scales) {
        this.scales = scales;
    }

    @Sample
    Normal mu() {
        return Normal.of(0.0, 10.0);
    }

    @Sample @Plate("data") @Observed
    Normal x(Tensor mu, dev.trellis.runtime.svi.Plate data) {
        return Normal.of(mu, scales.index(0, data.indices()));
    }
}
