package dev.trellis.samples.kotlin.gmm

import dev.trellis.dsl.Enumerate
import dev.trellis.dsl.Shape
import dev.trellis.dsl.IndexedBy
import dev.trellis.dsl.Dim
import dev.trellis.dsl.Model
import dev.trellis.dsl.Observed
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Sample
import dev.trellis.runtime.distributions.Categorical
import dev.trellis.runtime.distributions.Dirichlet
import dev.trellis.runtime.distributions.LogNormal
import dev.trellis.runtime.distributions.Normal
import dev.trellis.runtime.kotlin.times
import dev.trellis.runtime.tensor.Tensor

/**
 * The Gaussian mixture of Pyro's GMM tutorial in Kotlin, the twin of the Java
 * `dev.trellis.samples.gmm.Gmm`: an enumerated assignment per data point, summed out exactly in
 * the generated [GmmProgram].
 */
@Model
@Dim(name = "components", from = "components")
class Gmm(val components: Int) {

    @Sample @Shape(event = "components")
    fun weights(): Dirichlet = Dirichlet.of(0.5 * Tensor.ones(components))

    @Sample @Shape
    fun scale(): LogNormal = LogNormal.of(0.0, 2.0)

    @Sample @Plate("components") @Shape
    fun locs(): Normal = Normal.of(0.0, 10.0)

    @Sample @Plate("data") @Enumerate(domain = "components")
    fun assignment(weights: Tensor): Categorical = Categorical.of(weights)

    @Sample @Plate("data") @Observed
    fun obs(assignment: Int, @IndexedBy("assignment") locs: Tensor, scale: Tensor): Normal = Normal.of(locs.select(0, assignment), scale)
}
