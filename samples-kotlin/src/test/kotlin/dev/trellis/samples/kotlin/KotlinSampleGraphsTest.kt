package dev.trellis.samples.kotlin

import dev.trellis.samples.kotlin.gmm.GmmInference
import dev.trellis.samples.kotlin.jsb.HmmInference
import dev.trellis.samples.kotlin.schools.EightSchoolsProgram
import dev.trellis.samples.kotlin.weather.RainSunInference
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

/**
 * The picture of every Kotlin sample, as kapt's run of the processor wrote it next to the generated class, against its
 * reviewed expectation in `src/test/resources/graphs/<Model>.dot` (rewrite with `-Dtrellis.updateGraphs=true`, then
 * review the diff). The same models as the Java samples, so the same pictures but for the package.
 */
class KotlinSampleGraphsTest {

    companion object {
        private val graphs = Path.of("src/test/resources/graphs")

        @JvmStatic
        fun samples(): List<Arguments> = listOf(
            Arguments.of("RainSun", RainSunInference.graphDot()),
            Arguments.of("Hmm", HmmInference.graphDot()),
            Arguments.of("Gmm", GmmInference.graphDot()),
            Arguments.of("EightSchools", EightSchoolsProgram.graphDot()),
        )
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    fun theModelsPictureMatchesItsReviewedExpectation(model: String, dot: String) {
        val expected = graphs.resolve("$model.dot")
        if (java.lang.Boolean.getBoolean("trellis.updateGraphs")) {
            Files.createDirectories(graphs)
            Files.writeString(expected, dot)
        }
        assertTrue(Files.exists(expected), "no expectation $expected")
        assertEquals(Files.readString(expected), dot)
    }
}
