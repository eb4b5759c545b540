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
 * Pyro's examples/hmm.py {@code model_2}, an autoregressive HMM: as {@link Hmm}, but whether tone d sounds at step t
 * also depends on whether it sounded at step t - 1: {@code y_t[d] ~ Bernoulli(probs_y[x_t, y_{t-1}[d], d])}, with
 * nothing sounding before the first step. The observation reads its own previous value, tone by tone.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
@Dim(name = "sounded", size = 2)
public class Arhmm {
    final int hidden;
    final int tones;

    /** The model with {@code hidden} states over {@code tones}. */
    public Arhmm(int hidden, int tones) {
        this.hidden = hidden;
        this.tones = tones;
    }

    @Sample(name = "probs_x") @Shape(event = "states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
    }

    @Sample(name = "probs_y") @Shape(event = "states, sounded, tones")
    Distribution probsY() {
        return Beta.of(0.1, 0.9).expand(hidden, 2, tones).toEvent(3);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states") @Shape
    Categorical x(@Previous(initial = 0) int previous, @Site("probs_x") @IndexedBy("previous") Tensor probsX) {
        return Categorical.of(probsX.select(0, previous));
    }

    /** {@return tone d's probability from the row of its previous value: probs_y[x, 0, d] or probs_y[x, 1, d]} */
    @Sample @Plate({"sequences", "time", "tones"}) @Observed @Shape
    Bernoulli y(int x, @Previous(initial = 0) Tensor previous, @Site("probs_y") @IndexedBy("x") Tensor probsY) {
        Tensor rows = probsY.select(0, x);
        return Bernoulli.of(rows.select(0, 1).mul(previous).add(rows.select(0, 0).mul(previous.neg().add(1.0))));
    }
}
