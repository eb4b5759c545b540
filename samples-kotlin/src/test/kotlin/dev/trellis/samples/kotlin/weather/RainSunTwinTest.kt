package dev.trellis.samples.kotlin.weather

import com.fasterxml.jackson.databind.JsonNode
import dev.trellis.runtime.random.Rng
import dev.trellis.samples.Golden
import dev.trellis.samples.Tolerance.assertRelative
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
        val activity = Golden.ints(case["obs"])

        assertSameBits(java.logLikelihood(activity), kotlin.logLikelihood(activity), "$name logLikelihood")
        assertSameBits(java.marginals(activity).weather(), kotlin.marginals(activity).weather(), "$name marginals")
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
        val activity = Golden.ints(case["obs"])

        assertRelative(case["log_prob"].doubleValue(), inference.logLikelihood(activity), REL, "$name log_prob")
        val map = inference.viterbi(activity)
        assertArrayEquals(Golden.ints(case["viterbi"]), map.weather(), "$name viterbi")
        assertRelative(case["viterbi_log_joint"].doubleValue(), map.logJoint(), REL, "$name viterbi_log_joint")
        assertRelative(Golden.matrix(case["marginals"]), inference.marginals(activity).weather(), REL, "$name marginals")
    }

    private fun assertSameBits(expected: Double, actual: Double, what: String) =
        assertEquals(expected.toRawBits(), actual.toRawBits()) { "$what: Java gave $expected, Kotlin $actual" }

    private fun assertSameBits(expected: Array<DoubleArray>, actual: Array<DoubleArray>, what: String) {
        assertEquals(expected.size, actual.size) { "$what: steps" }
        for (step in expected.indices) {
            assertEquals(expected[step].size, actual[step].size) { "$what[$step]: states" }
            for (state in expected[step].indices) assertSameBits(expected[step][state], actual[step][state], "$what[$step][$state]")
        }
    }

    companion object {
        private const val REL = 1e-9
        private const val SEED = 20240611L
        private val GOLDEN = Golden.load("rain_sun.json")

        @JvmStatic
        fun cases(): List<Arguments> = GOLDEN["cases"].map { Arguments.of(it["name"].asText(), it) }
    }
}
