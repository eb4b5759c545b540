package dev.trellis.samples.kotlin.schools

import dev.trellis.dsl.Dim
import dev.trellis.dsl.Guide
import dev.trellis.dsl.Param
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Sample
import dev.trellis.dsl.Shape
import dev.trellis.dsl.Site
import dev.trellis.runtime.distributions.HalfCauchy
import dev.trellis.runtime.distributions.Normal
import dev.trellis.runtime.tensor.Tensor

/**
 * The seed tutorial's guide for [EightSchools] in Kotlin, twin of the Java
 * `dev.trellis.samples.schools.SeedGuide`; Trellis checks it against the model and generates
 * [SeedGuideProgram].
 */
@Guide(EightSchools::class)
@Dim(name = "schools", from = "schools")
class SeedGuide(val schools: Int) {

    @Param(name = "mu0_loc") @Shape("")
    fun mu0Loc(): Tensor = Tensor.scalar(0.0)

    @Param(name = "mu0_scale", constraint = "positive") @Shape("")
    fun mu0Scale(): Tensor = Tensor.scalar(1.0)

    @Param(name = "tau_loc", constraint = "positive") @Shape("")
    fun tauLoc(): Tensor = Tensor.scalar(1.0)

    @Param(name = "theta_loc") @Shape("schools")
    fun thetaLoc(): Tensor = Tensor.zeros(schools)

    @Param(name = "theta_scale", constraint = "positive") @Shape("schools")
    fun thetaScale(): Tensor = Tensor.ones(schools)

    @Sample @Shape
    fun mu0(@Site("mu0_loc") @Shape("") loc: Tensor, @Site("mu0_scale") @Shape("") scale: Tensor): Normal =
        Normal.of(loc, scale)

    @Sample @Shape
    fun tau(@Site("tau_loc") @Shape("") scale: Tensor): HalfCauchy = HalfCauchy.of(scale)

    @Sample @Plate("schools") @Shape
    fun theta(
        @Site("theta_loc") @Shape("schools") loc: Tensor,
        @Site("theta_scale") @Shape("schools") scale: Tensor,
    ): Normal = Normal.of(loc, scale)
}
