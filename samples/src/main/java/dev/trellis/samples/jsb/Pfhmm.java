package dev.trellis.samples.jsb;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Pyro's examples/hmm.py {@code model_4}, a partially factorial HMM: chain {@code w} as in the factorial model, and
 * chain {@code x} whose step reads the NEW state of {@code w}: {@code x_t ~ probs_x[w_t, x_{t-1}]}; the tones are
 * emitted from {@code probs_y[w, x]}. Trellis sums both out as one chain over their joint state.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
public class Pfhmm {
    final int hidden;
    final int tones;

    /** The model with {@code hidden} states per chain over {@code tones}. */
    public Pfhmm(int hidden, int tones) {
        this.hidden = hidden;
        this.tones = tones;
    }

    @Sample(name = "probs_w") @Shape(event = "states, states")
    Distribution probsW() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
    }

    /** {@return row [w, x_prev] ~ Dirichlet(0.9 eye[x_prev] + 0.1), as hmm.py's expand_by} */
    @Sample(name = "probs_x") @Shape(event = "states, states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1).expand(hidden, hidden, hidden)).toEvent(2);
    }

    @Sample(name = "probs_y") @Shape(event = "states, states, tones")
    Distribution probsY() {
        return Beta.of(0.1, 0.9).expand(hidden, hidden, tones).toEvent(3);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical w(@Previous(initial = 0) int previous, @Site("probs_w") @IndexedBy("previous") Tensor probsW) {
        return Categorical.of(probsW.select(0, previous));
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical x(@Previous(initial = 0) int previous, int w,
                  @Site("probs_x") @IndexedBy({"w", "previous"}) Tensor probsX) {
        return Categorical.of(probsX.select(0, w).select(0, previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed @Shape
    Bernoulli y(int w, int x, @Site("probs_y") @IndexedBy({"w", "x"}) Tensor probsY) {
        return Bernoulli.of(probsY.select(0, w).select(0, x));
    }
}
