package dev.trellis.samples.jsb;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Dim;
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
 * Pyro's examples/hmm.py {@code model_1} in the DSL: a hidden state per time step of each chorale, starting from state
 * 0 before the first step, and at each step one Bernoulli per tone for whether it sounds. The transition and emission
 * tables are global latent sites with hmm.py's priors (sticky Dirichlet rows, Beta(0.1, 0.9) entries); the hidden
 * state is summed out exactly. Trellis generates {@link HmmProgram} from these declarations.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
public class Hmm {
    final int hidden;
    final int tones;

    /** The model with {@code hidden} states over {@code tones} tones. */
    public Hmm(int hidden, int tones) {
        this.hidden = hidden;
        this.tones = tones;
    }

    /** {@return each row ~ Dirichlet(0.9 eye + 0.1)} */
    @Sample(name = "probs_x") @Shape(event = "states, states")
    Distribution probsX() {
        return Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1);
    }

    /** {@return each entry ~ Beta(0.1, 0.9)} */
    @Sample(name = "probs_y") @Shape(event = "states, tones")
    Distribution probsY() {
        return Beta.of(0.1, 0.9).expand(hidden, tones).toEvent(2);
    }

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states")
    Categorical x(@Previous(initial = 0) int previous, @Site("probs_x") @IndexedBy("previous") Tensor probsX) {
        return Categorical.of(probsX.select(0, previous));
    }

    @Sample @Plate({"sequences", "time", "tones"}) @Observed
    Bernoulli y(int x, @Site("probs_y") @IndexedBy("x") Tensor probsY) {
        return Bernoulli.of(probsY.select(0, x));
    }
}
