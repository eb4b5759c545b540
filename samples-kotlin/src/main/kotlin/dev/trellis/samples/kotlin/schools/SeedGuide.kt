package dev.trellis.samples.kotlin.schools

import dev.trellis.dsl.Guide
import dev.trellis.dsl.Param
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Sample
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
class SeedGuide(private val schools: Int) {

    @Param(name = "mu0_loc")
    fun mu0Loc(): Tensor = Tensor.scalar(0.0)

    @Param(name = "mu0_scale", constraint = "positive")
    fun mu0Scale(): Tensor = Tensor.scalar(1.0)

    @Param(name = "tau_loc", constraint = "positive")
    fun tauLoc(): Tensor = Tensor.scalar(1.0)

    @Param(name = "theta_loc")
    fun thetaLoc(): Tensor = Tensor.zeros(schools)

    @Param(name = "theta_scale", constraint = "positive")
    fun thetaScale(): Tensor = Tensor.ones(schools)

    @Sample
    fun mu0(@Site("mu0_loc") loc: Tensor, @Site("mu0_scale") scale: Tensor): Normal = Normal.of(loc, scale)

    @Sample
    fun tau(@Site("tau_loc") scale: Tensor): HalfCauchy = HalfCauchy.of(scale)

    @Sample @Plate("schools")
    fun theta(@Site("theta_loc") loc: Tensor, @Site("theta_scale") scale: Tensor): Normal = Normal.of(loc, scale)
}
