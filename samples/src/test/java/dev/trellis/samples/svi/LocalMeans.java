package dev.trellis.samples.svi;

import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/** A local latent per data point: mu_i ~ Normal(0, 1); x_i ~ Normal(mu_i, 0.5). */
@Model
public class LocalMeans {
    @Sample @Plate("data")
    Normal mu() {
        return Normal.of(0.0, 1.0);
    }

    @Sample @Plate("data") @Observed
    Normal x(Tensor mu) {
        return Normal.of(mu, Tensor.scalar(0.5));
    }
}
