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
 * Pyro's examples/hmm.py {@code model_3}, a factorial HMM: two independent hidden chains {@code w} and {@code x} of
 * {@code hidden} states each, both starting from state 0, and the tones emitted from {@code probs_y[w, x]}. Trellis
 * sums both chains out exactly as one chain over their joint state.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
public class Fhmm {
    final int hidden;
    final int tones;

    /** The model with {@code hidden} states per chain (hmm.py: the square root of its hidden_dim) over {@code tones}. */
    public Fhmm(int hidden, int tones) {
        this.hidden = hidden;
        this.tones = tones;
    }

    @Sample(name = "probs_w") @Shape(event = "states, states")
    Distribution probsW() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
    }

    @Sample(name = "probs_x") @Shape(event = "states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
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
    Categorical x(@Previous(initial = 0) int previous, @Site("probs_x") @IndexedBy("previous") Tensor probsX) {
        return Categorical.of(probsX.select(0, previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed @Shape
    Bernoulli y(int w, int x, @Site("probs_y") @IndexedBy({"w", "x"}) Tensor probsY) {
        return Bernoulli.of(probsY.select(0, w).select(0, x));
    }
}
