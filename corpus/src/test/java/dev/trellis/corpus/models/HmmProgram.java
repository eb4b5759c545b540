package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;

/**
 * Corpus #34: hmm.py {@code model_1} as a program: the transition rows ({@code probs_x}, Dirichlet) and the tone
 * probabilities ({@code probs_y}, Beta) are latent global sites read by the chain and the observation.
 */
@Model
public class HmmProgram {
    private final int hidden;
    private final int tones;

    /** The model with {@code hidden} states over {@code tones} tones. */
    public HmmProgram(int hidden, int tones) {
        this.hidden = hidden;
        this.tones = tones;
    }

    @Sample(name = "probs_x")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
    }

    @Sample(name = "probs_y")
    Distribution probsY() {
        return Beta.of(0.1, 0.9).expand(hidden, tones).toEvent(2);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate
    Categorical x(@Previous(initial = 0) int previous, @Site("probs_x") Tensor p) {
        return Categorical.of(p.select(0, previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed
    Bernoulli y(int x, @Site("probs_y") Tensor p) {
        return Bernoulli.of(p.select(0, x));
    }
}
