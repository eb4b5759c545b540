package dev.trellis.samples.kotlin.gmm

import dev.trellis.runtime.params.ParamStore
import dev.trellis.runtime.svi.Conditioned
import dev.trellis.runtime.tensor.Tensor
import dev.trellis.samples.Golden
import dev.trellis.samples.Tolerance.assertRelative
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import dev.trellis.samples.gmm.Gmm as JavaGmm
import dev.trellis.samples.gmm.GmmProgram as JavaGmmProgram

/** The Kotlin GMM gives the Java twin's numbers bit for bit, and Pyro's (gmm.json). */
class GmmTwinTest {
    private val golden = Golden.load("gmm.json")
    private val data = Golden.doubles(golden["data"])

    @Test
    fun `log marginal and MAP assignments at Pyro's points match Pyro and the Java twin`() {
        for (point in golden["points"]) {
            val globals = mapOf(
                "weights" to Tensor.vector(*Golden.doubles(point["weights"])),
                "scale" to Tensor.scalar(point["scale"].doubleValue()),
                "locs" to Tensor.vector(*Golden.doubles(point["locs"])),
            )
            val kotlin = GmmProgram(Gmm(2), data, 2)
            val java = JavaGmmProgram(JavaGmm(2), data, 2)
            val kotlinLogJoint = Conditioned.logJoint(Conditioned.run(kotlin, globals, ParamStore()))
            val javaLogJoint = Conditioned.logJoint(Conditioned.run(java, globals, ParamStore()))
            assertEquals(javaLogJoint.toRawBits(), kotlinLogJoint.toRawBits(), point["name"].textValue())
            assertRelative(point["log_joint_marginal"].doubleValue(), kotlinLogJoint, 1e-9, point["name"].textValue())
            assertArrayEquals(Golden.ints(point["map_assignment"]), kotlin.inference(globals).viterbi(data).assignment())
        }
    }
}
