package dev.trellis.samples.kotlin.weather

import dev.trellis.runtime.random.Rng
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The generated API, called the way a Kotlin user calls it: no `!!`, no `?.`, no casts. */
class GeneratedApiFromKotlinTest {
    private val inference = RainSunInference(RainSun())
    private val activity = intArrayOf(0, 0, 0, 1, 1, 0, 2, 1, 1, 1, 0, 1, 0, 0) // walk walk walk shop ...

    @Test
    fun resultsAreNonNullKotlinTypes() {
        // Every declaration names a non-null Kotlin type. If the generated class marked a result
        // @Nullable, Kotlin (which reads JSpecify strictly since 2.1) would reject the assignment and
        // this file would not compile. Losing nullness altogether (platform types such as
        // `Marginals!`) would still compile here, since Kotlin lets a platform type pass as non-null;
        // GeneratedApiNullnessTest compiles code against the generated class to catch that case.
        val logP: Double = inference.logLikelihood(activity)
        val marginals: RainSunInference.Marginals = inference.marginals(activity)
        val pWeather: Array<DoubleArray> = marginals.weather()
        val pRainy: List<Double> = marginals.weather().map { it[0] }
        val map: RainSunInference.MapAssignment = inference.viterbi(activity)
        val path: IntArray = map.weather()
        val draw: IntArray = inference.samplePosterior(activity, Rng.seeded(7)).weather()
        val simulation: RainSunInference.Simulation = inference.simulate(30, Rng.seeded(1))

        assertEquals(-15.14896, logP, 1e-5)
        assertEquals(activity.size, pWeather.size)
        pWeather.forEach { assertEquals(1.0, it.sum(), 1e-12) }
        assertEquals(pWeather.map { it[0] }, pRainy)
        assertEquals(activity.size, path.size)
        assertTrue(map.logJoint() < logP) // one path carries less probability than all of them
        assertTrue(draw.all { it in 0..1 })
        assertEquals(30, simulation.weather().size)
        assertTrue(simulation.activity().all { it in 0..2 })
    }

}
