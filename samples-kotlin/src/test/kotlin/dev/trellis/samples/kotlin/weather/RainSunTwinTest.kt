package dev.trellis.samples.kotlin.weather

import com.fasterxml.jackson.databind.JsonNode
import dev.trellis.runtime.random.Rng
import dev.trellis.samples.kotlin.Golden
import dev.trellis.samples.kotlin.assertRelative
import dev.trellis.samples.kotlin.ints
import dev.trellis.samples.kotlin.matrix
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import dev.trellis.samples.weather.RainSun as JavaRainSun
import dev.trellis.samples.weather.RainSunInference as JavaRainSunInference

/**
 * Every case of `rain_sun.json` (Pyro 1.8.6) through the inference generated from the Kotlin model:
 * the same bits as the Java twin's, and Pyro's numbers.
 */
class RainSunTwinTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    fun kotlinModelGivesTheJavaTwinsNumbersBitForBit(name: String, case: JsonNode) {
        val kotlin = RainSunInference(RainSun())
        val java = JavaRainSunInference(JavaRainSun())
        val activity = case["obs"].ints()

        assertSameBits(java.logLikelihood(activity), kotlin.logLikelihood(activity), "$name logLikelihood")
        java.marginals(activity).weather().zip(kotlin.marginals(activity).weather()).forEachIndexed { day, (j, k) ->
            j.zip(k).forEachIndexed { state, (jp, kp) -> assertSameBits(jp, kp, "$name marginals[$day][$state]") }
        }
        val javaMap = java.viterbi(activity)
        val kotlinMap = kotlin.viterbi(activity)
        assertArrayEquals(javaMap.weather(), kotlinMap.weather(), "$name viterbi")
        assertSameBits(javaMap.logJoint(), kotlinMap.logJoint(), "$name viterbi logJoint")
        // same seed, same draws: the two models hand the kernels the same tables
        assertArrayEquals(
            java.samplePosterior(activity, Rng.seeded(SEED)).weather(),
            kotlin.samplePosterior(activity, Rng.seeded(SEED)).weather(), "$name samplePosterior")
        val javaSim = java.simulate(activity.size, Rng.seeded(SEED))
        val kotlinSim = kotlin.simulate(activity.size, Rng.seeded(SEED))
        assertArrayEquals(javaSim.weather(), kotlinSim.weather(), "$name simulate weather")
        assertArrayEquals(javaSim.activity(), kotlinSim.activity(), "$name simulate activity")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    fun kotlinModelMatchesPyro(name: String, case: JsonNode) {
        val inference = RainSunInference(RainSun())
        val activity = case["obs"].ints()

        assertRelative(case["log_prob"].doubleValue(), inference.logLikelihood(activity), REL, "$name log_prob")
        val map = inference.viterbi(activity)
        assertArrayEquals(case["viterbi"].ints(), map.weather(), "$name viterbi")
        assertRelative(case["viterbi_log_joint"].doubleValue(), map.logJoint(), REL, "$name viterbi_log_joint")
        assertRelative(case["marginals"].matrix(), inference.marginals(activity).weather(), REL, "$name marginals")
    }

    private fun assertSameBits(expected: Double, actual: Double, what: String) =
        assertEquals(expected.toRawBits(), actual.toRawBits()) { "$what: Java gave $expected, Kotlin $actual" }

    companion object {
        private const val REL = 1e-9
        private const val SEED = 20240611L
        private val GOLDEN = Golden.load("rain_sun.json")

        @JvmStatic
        fun cases(): List<Arguments> = GOLDEN["cases"].map { Arguments.of(it["name"].asText(), it) }
    }
}
