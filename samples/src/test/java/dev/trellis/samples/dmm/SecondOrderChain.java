package dev.trellis.samples.dmm;

import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A continuous chain of history 2 that starts from 1 (and from nothing two steps back), with an autoregressive
 * observation: z_t ~ Normal(0.5 z_{t-1} - 0.3 z_{t-2}, 1), x_t ~ Normal(z_t + 0.2 x_{t-1}, 0.5).
 */
@Model
public class SecondOrderChain {

    @Sample
    @Markov(over = "time", history = 2)
    Normal z(@Previous(initial = 1) Tensor last, @Previous(lag = 2) @Nullable Tensor beforeLast) {
        Tensor mean = beforeLast == null ? last.mul(0.5) : last.mul(0.5).sub(beforeLast.mul(0.3));
        return Normal.of(mean, Tensor.scalar(1.0));
    }

    @Sample
    @Plate("time")
    @Observed
    Normal x(Tensor z, @Previous("x") @Nullable Tensor previousX) {
        return Normal.of(previousX == null ? z : z.add(previousX.mul(0.2)), Tensor.scalar(0.5));
    }
}
