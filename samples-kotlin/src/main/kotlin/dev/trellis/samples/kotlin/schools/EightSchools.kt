package dev.trellis.samples.kotlin.schools

import dev.trellis.dsl.Dim
import dev.trellis.dsl.Model
import dev.trellis.dsl.Observed
import dev.trellis.dsl.Plate
import dev.trellis.dsl.Sample
import dev.trellis.dsl.Shape
import dev.trellis.runtime.distributions.HalfCauchy
import dev.trellis.runtime.distributions.Normal
import dev.trellis.runtime.tensor.Tensor

/**
 * The seed tutorial's eight schools in Kotlin, the twin of the Java
 * `dev.trellis.samples.schools.EightSchools`: Trellis generates [EightSchoolsProgram] from these
 * declarations through kapt. Each parameter of a site reads the site of its name.
 */
@Model
@Dim(name = "schools", from = "schools")
class EightSchools(private val sigma: Tensor) {

    /** The number of schools, the length of sigma. */
    val schools: Int get() = sigma.size(0)

    @Sample @Shape
    fun mu0(): Normal = Normal.of(0.0, 5.0)

    @Sample @Shape
    fun tau(): HalfCauchy = HalfCauchy.of(5.0)

    @Sample @Plate("schools") @Shape
    fun theta(@Shape("") mu0: Tensor, @Shape("") tau: Tensor): Normal = Normal.of(mu0, tau)

    @Sample @Plate("schools") @Observed @Shape
    fun y(@Shape("schools") theta: Tensor): Normal = Normal.of(theta, sigma)
}
