package dev.trellis.samples.kotlin.schools

import dev.trellis.runtime.optim.Adam
import dev.trellis.runtime.params.ParamStore
import dev.trellis.runtime.random.Rng
import dev.trellis.runtime.svi.Conditioned
import dev.trellis.runtime.svi.Svi
import dev.trellis.runtime.svi.TraceElbo
import dev.trellis.runtime.tensor.Tensor
import dev.trellis.samples.Golden
import dev.trellis.samples.Tolerance.assertRelative
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import dev.trellis.samples.schools.EightSchools as JavaEightSchools
import dev.trellis.samples.schools.EightSchoolsProgram as JavaEightSchoolsProgram
import dev.trellis.samples.schools.SeedGuide as JavaSeedGuide
import dev.trellis.samples.schools.SeedGuideProgram as JavaSeedGuideProgram

/** The Kotlin eight schools and its guide give the Java twins' numbers bit for bit, and Pyro's. */
class EightSchoolsTwinTest {

    @Test
    fun `log joint at Pyro's fixed points matches Pyro and the Java twin`() {
        val golden = Golden.load("eight_schools.json")
        val kotlin = EightSchoolsProgram(EightSchools(JavaEightSchools.SIGMA), JavaEightSchools.Y)
        val java = JavaEightSchoolsProgram(JavaEightSchools(JavaEightSchools.SIGMA), JavaEightSchools.Y)
        for (point in golden["log_joint_points"]) {
            val values = mapOf(
                "mu0" to Tensor.scalar(point["mu0"].doubleValue()),
                "tau" to Tensor.scalar(point["tau"].doubleValue()),
                "theta" to Tensor.vector(*Golden.doubles(point["theta"])),
            )
            val fromKotlin = Conditioned.logJoint(Conditioned.run(kotlin, values, ParamStore()))
            val fromJava = Conditioned.logJoint(Conditioned.run(java, values, ParamStore()))
            assertEquals(fromJava.toRawBits(), fromKotlin.toRawBits()) { "Java $fromJava, Kotlin $fromKotlin" }
            assertRelative(point["log_joint"].doubleValue(), fromKotlin, 1e-9, "log_joint at $point")
        }
    }

    @Test
    fun `training with the Kotlin guide follows the Java guide's trajectory bit for bit`() {
        val kotlinModel = EightSchoolsProgram(EightSchools(JavaEightSchools.SIGMA), JavaEightSchools.Y)
        val javaModel = JavaEightSchoolsProgram(JavaEightSchools(JavaEightSchools.SIGMA), JavaEightSchools.Y)
        val kotlinStore = ParamStore()
        val javaStore = ParamStore()
        val kotlinSvi = Svi(kotlinModel, SeedGuideProgram(SeedGuide(8), kotlinModel), Adam.withLearningRate(0.03),
            TraceElbo(), kotlinStore)
        val javaSvi = Svi(javaModel, JavaSeedGuideProgram(JavaSeedGuide(8), javaModel), Adam.withLearningRate(0.03),
            TraceElbo(), javaStore)
        val kotlinRng = Rng.seeded(SEED)
        val javaRng = Rng.seeded(SEED)
        repeat(200) { step ->
            val kotlinLoss = kotlinSvi.step(kotlinRng)
            val javaLoss = javaSvi.step(javaRng)
            assertEquals(javaLoss.toRawBits(), kotlinLoss.toRawBits()) { "step ${step + 1}" }
        }
        for (name in javaStore.names()) {
            assertEquals(javaStore.unconstrained(name), kotlinStore.unconstrained(name), name)
        }
    }

    private companion object {
        const val SEED = 8L
    }
}
