package dev.trellis.samples.kotlin.jsb

import dev.trellis.dsl.Enumerate
import dev.trellis.dsl.Shape
import dev.trellis.dsl.IndexedBy
import dev.trellis.dsl.Dim
import dev.trellis.dsl.Markov
import dev.trellis.dsl.Model
import dev.trellis.dsl.Observed
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Previous
import dev.trellis.dsl.Sample
import dev.trellis.dsl.Site
import dev.trellis.runtime.distributions.Bernoulli
import dev.trellis.runtime.distributions.Beta
import dev.trellis.runtime.distributions.Categorical
import dev.trellis.runtime.distributions.Dirichlet
import dev.trellis.runtime.distributions.Distribution
import dev.trellis.runtime.tensor.Tensor

/**
 * Pyro's examples/hmm.py `model_1` in Kotlin, the twin of the Java `dev.trellis.samples.jsb.Hmm`:
 * a hidden state per step of each chorale, starting from state 0, emitting one Bernoulli per tone.
 * Trellis generates [HmmProgram] through kapt, with the hidden state summed out exactly.
 */
@Model
@Dim(name = "states", from = "hidden")
@Dim(name = "tones", from = "tones")
class Hmm(val hidden: Int, val tones: Int) {

    @Sample(name = "probs_x") @Shape(event = "states, states")
    fun probsX(): Distribution = Dirichlet.of(Tensor.eye(hidden).mul(0.9).add(0.1)).toEvent(1)

    @Sample(name = "probs_y") @Shape(event = "states, tones")
    fun probsY(): Distribution = Beta.of(0.1, 0.9).expand(hidden, tones).toEvent(2)

    @Sample @Plate("sequences") @Markov(over = "time") @Enumerate(domain = "states")
    fun x(@Previous(initial = [0]) previous: Int, @Site("probs_x") @IndexedBy("previous") probsX: Tensor): Categorical =
        Categorical.of(probsX.select(0, previous))

    @Sample @Plate("sequences", "time", "tones") @Observed
    fun y(x: Int, @Site("probs_y") @IndexedBy("x") probsY: Tensor): Bernoulli = Bernoulli.of(probsY.select(0, x))
}
