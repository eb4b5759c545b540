package dev.trellis.samples.kotlin

import com.tschuchort.compiletesting.KotlinCompilation.ExitCode
import com.tschuchort.compiletesting.SourceFile
import dev.trellis.samples.kotlin.KotlinCompiler.errors
import java.nio.file.Files
import java.nio.file.Path
import org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/**
 * Shapes in Kotlin: a shape mistake is a Trellis error on the `.kt` line (kapt maps the stub back), and every Kotlin
 * sample's shapes report is a reviewed expectation (`-Dtrellis.updateShapes=true` rewrites them).
 */
@OptIn(ExperimentalCompilerApi::class)
class KotlinShapesTest {

    private val wrongAxis = """
        package shapes

        import dev.trellis.dsl.*
        import dev.trellis.runtime.distributions.*
        import dev.trellis.runtime.tensor.Tensor

        @Model
        @Dim(name = "states", from = "hidden")
        @Dim(name = "tones", from = "tones")
        class Hmm(val hidden: Int, val tones: Int) {
            @Sample(name = "probs_y") @Shape(event = "tones, states")
            fun probsY(): Distribution = Beta.of(0.1, 0.9).expand(tones, hidden).toEvent(2)

            @Sample @Markov(over = "time") @Enumerate(domain = "states")
            fun x(@Previous(initial = [0]) previous: Int): Categorical = Categorical.of(Tensor.full(0.5, 2))

            @Sample @Plate("time", "tones") @Observed
            fun y(x: Int, @Site("probs_y") @IndexedBy("x") probsY: Tensor): Bernoulli = Bernoulli.of(probsY.select(0, x))
        }
    """.trimIndent()

    @Test
    fun aTableIndexedAlongTheWrongDimensionIsReportedOnItsKotlinLine(@TempDir dir: Path) {
        val line = wrongAxis.lines().indexOfFirst { "fun y(" in it } + 1
        val result = KotlinCompiler.withKapt(dir, SourceFile.kotlin("Hmm.kt", wrongAxis))

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        val error = result.errors.single { "[TRELLIS-211]" in it }
        assertTrue(error.contains("/Hmm.kt:$line: error: "), error)
        assertTrue(error.contains("parameter 'probsY' (shape [tones, states]) is indexed by 'x' along dimension 0 of "
                + "size 'tones', but 'x' reads site 'x' whose domain is 'states'"), error)
    }

    @Test
    fun aDimensionFromAPrivateValIsReportedOnTheKotlinClass(@TempDir dir: Path) {
        val source = wrongAxis.replace("class Hmm(val hidden: Int", "class Hmm(private val hidden: Int")
            .replace("\"tones, states\"", "\"states, tones\"").replace("expand(tones, hidden)", "expand(hidden, tones)")
        val line = source.lines().indexOfFirst { "class Hmm(" in it } + 1
        val result = KotlinCompiler.withKapt(dir, SourceFile.kotlin("Hmm.kt", source))

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        val error = result.errors.single { "[TRELLIS-202]" in it }
        assertTrue(error.contains("/Hmm.kt:"), error)
        assertTrue(error.contains("@Dim 'states' reads its size from 'hidden', which is private"), error)
        assertTrue(line > 0)
    }

    @ParameterizedTest
    @ValueSource(strings = ["jsb.Hmm", "gmm.Gmm", "weather.RainSun", "schools.EightSchools", "schools.SeedGuide"])
    fun theShapesReportMatchesItsReviewedExpectation(model: String) {
        val resource = "/dev/trellis/samples/kotlin/" + model.replace('.', '/') + ".shapes.txt"
        val stream = KotlinShapesTest::class.java.getResourceAsStream(resource)
        assertNotNull(stream, "kapt wrote no $resource")
        val report = stream!!.use { String(it.readAllBytes(), Charsets.UTF_8) }
        val expected = Path.of("src/test/resources/shapes/$model.txt")
        if (java.lang.Boolean.getBoolean("trellis.updateShapes")) {
            Files.createDirectories(expected.parent)
            Files.writeString(expected, report)
        }
        assertTrue(Files.exists(expected), "no expectation $expected")
        assertEquals(Files.readString(expected), report)
    }
}
