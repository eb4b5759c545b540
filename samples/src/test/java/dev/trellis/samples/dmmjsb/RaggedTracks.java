package dev.trellis.samples.dmmjsb;

import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Ragged sequences of 2-vectors with a per-sequence offset w and a latent chain of history 2 that starts from 1:
 * z_t ~ Normal(0.5 z_{t-1} - 0.3 z_{t-2} + 0.1 w, 1), x_t ~ Normal(z_t + w, 0.5). Its step methods read an earlier
 * step with an initial value, one two steps back, a per-sequence site outside the chain and a same-step site, each of
 * which the generated loop cuts to the sequences that have the step.
 */
@Model
public class RaggedTracks {

    @Sample
    @Plate("sequences")
    Distribution w() {
        return Normal.of(Tensor.zeros(2), Tensor.ones(2)).toEvent(1);
    }

    @Sample
    @Plate("sequences")
    @Markov(over = "time", history = 2)
    Distribution z(@Previous(initial = 1) Tensor last, @Previous(lag = 2) @Nullable Tensor beforeLast, Tensor w) {
        Tensor mean = last.mul(0.5).add(w.mul(0.1));
        if (beforeLast != null) {
            mean = mean.sub(beforeLast.mul(0.3));
        }
        return Normal.of(mean, Tensor.onesLike(mean)).toEvent(1);
    }

    @Sample
    @Plate({"sequences", "time"})
    @Observed
    Distribution x(Tensor z, Tensor w) {
        Tensor mean = z.add(w);
        return Normal.of(mean, Tensor.onesLike(mean).mul(0.5)).toEvent(1);
    }
}
