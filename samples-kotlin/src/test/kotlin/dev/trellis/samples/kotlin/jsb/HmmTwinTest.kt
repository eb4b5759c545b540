package dev.trellis.samples.kotlin.jsb

import dev.trellis.runtime.optim.Adam
import dev.trellis.runtime.params.ParamStore
import dev.trellis.runtime.random.Rng
import dev.trellis.runtime.svi.Conditioned
import dev.trellis.runtime.svi.Svi
import dev.trellis.runtime.svi.TraceElbo
import dev.trellis.runtime.svi.autoguide.AutoDelta
import dev.trellis.runtime.svi.autoguide.InitStrategy
import dev.trellis.samples.Golden
import dev.trellis.samples.Tolerance.assertRelative
import dev.trellis.samples.jsb.JsbChorales
import dev.trellis.samples.jsb.JsbSplit
import dev.trellis.samples.jsb.JsonTensors
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.util.function.UnaryOperator
import dev.trellis.samples.jsb.Hmm as JavaHmm
import dev.trellis.samples.jsb.HmmProgram as JavaHmmProgram

/** The Kotlin hmm.py model_1 gives the Java twin's numbers bit for bit, and Pyro's (jsb_hmm.json, jsb_hmm_svi.json). */
class HmmTwinTest {
    private val chorales = JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json"))

    private fun sequences(split: JsbSplit): List<Array<DoubleArray>> =
        (0 until split.numSequences()).map { split.sequence(it) }

    @Test
    fun `losses at Pyro's parameters match Pyro and the Java twin`() {
        val golden = Golden.load("jsb_hmm.json")["models"]["hmm"]
        val params = mapOf("probs_x" to JsonTensors.tensor(golden["params"]["probs_x"]), "probs_y" to JsonTensors.tensor(golden["params"]["probs_y"]))
        val data = sequences(chorales.train())
        val kotlin = Conditioned.run(HmmProgram(Hmm(16, 51), data), params, ParamStore())
        val java = Conditioned.run(JavaHmmProgram(JavaHmm(16, 51), data), params, ParamStore())
        val kotlinLoss = -Conditioned.logJoint(kotlin)
        assertEquals((-Conditioned.logJoint(java)).toRawBits(), kotlinLoss.toRawBits())
        assertRelative(golden["train_loss_with_prior"].doubleValue(), kotlinLoss, 1e-9, "train_loss_with_prior")
    }

    @Test
    fun `MAP Baum-Welch from the Kotlin model follows Pyro's trajectory`() {
        val svi = Golden.load("jsb_hmm_svi.json")
        val init = mapOf("probs_x" to JsonTensors.tensor(svi["init_params"]["probs_x"]), "probs_y" to JsonTensors.tensor(svi["init_params"]["probs_y"]))
        val model = HmmProgram(Hmm(16, 51), sequences(chorales.train()))
        val guide = AutoDelta(model).withParamNames(UnaryOperator.identity()).withInit(InitStrategy.values(init))
        val training = Svi(model, guide, Adam.withLearningRate(svi["lr"].doubleValue()), TraceElbo(), ParamStore())
        val rng = Rng.seeded(0)
        svi["losses"].forEachIndexed { step, expected ->
            assertRelative(expected.doubleValue(), training.step(rng), 1e-7, "losses[$step]")
        }
    }
}
