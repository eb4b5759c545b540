package dev.trellis.samples.kotlin

import com.tschuchort.compiletesting.KotlinCompilation.ExitCode
import com.tschuchort.compiletesting.SourceFile
import dev.trellis.samples.kotlin.KotlinCompiler.errors
import java.nio.file.Path
import org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The checks added by issue 10's review of the diagnostics land on the `.kt` line of a Kotlin model, as the older ones
 * do ([KotlinDiagnosticsTest]): a site named like an `Any`/`Object` method, a plate named like a site, a lag of 0.
 */
@OptIn(ExperimentalCompilerApi::class)
class KotlinNameDiagnosticsTest {

    private fun model(siteAnnotation: String, plate: String, lag: String) = """
        package weather

        import dev.trellis.dsl.*
        import dev.trellis.runtime.distributions.Categorical
        import dev.trellis.runtime.tensor.Tensor

        @Model
        class Broken {
            private val pi = Tensor.vector(0.6, 0.4)
            private val transition = Tensor.matrix(arrayOf(doubleArrayOf(0.7, 0.3), doubleArrayOf(0.4, 0.6)))
            private val emission = Tensor.matrix(arrayOf(doubleArrayOf(0.1, 0.4, 0.5), doubleArrayOf(0.6, 0.3, 0.1)))

            @Sample @Markov(over = "$plate") @Enumerate
            fun weather(@Previous($lag) yesterday: Int?): Categorical =
                if (yesterday == null) Categorical.of(pi) else Categorical.of(transition.row(yesterday))

            $siteAnnotation @Plate("$plate") @Observed
            fun activity(weather: Int): Categorical = Categorical.of(emission.row(weather))
        }
    """.trimIndent()

    private fun lineOf(source: String, text: String) = source.lines().indexOfFirst { text in it } + 1

    private fun singleError(dir: Path, source: String): String {
        val result = KotlinCompiler.withKapt(dir, SourceFile.kotlin("Broken.kt", source))
        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        assertEquals(1, result.errors.size, result.messages)
        return result.errors.single()
    }

    @Test
    fun aSiteNamedHashCodeIsReportedOnItsFunction(@TempDir dir: Path) {
        val source = model("@Sample(name = \"hashCode\")", "days", "")
        val error = singleError(dir, source)
        assertTrue(error.contains("/Broken.kt:${lineOf(source, "fun activity(")}: error: "), error)
        assertTrue(error.contains("site name 'hashCode' cannot be used: it is a method of java.lang.Object"), error)
        assertTrue(error.endsWith("[TRELLIS-024]"), error)
    }

    @Test
    fun aPlateNamedLikeASiteIsReportedOnTheFunctionThatListsIt(@TempDir dir: Path) {
        val source = model("@Sample", "activity", "")
        val error = singleError(dir, source)
        assertTrue(error.contains("/Broken.kt:${lineOf(source, "fun weather(")}: error: "), error)
        assertTrue(error.contains("site 'weather' lists plate 'activity', which is also the name of site 'activity'"),
            error)
        assertTrue(error.endsWith("[TRELLIS-026]"), error)
    }

    @Test
    fun aLagOfZeroNamesThePlateOnItsParameterLine(@TempDir dir: Path) {
        val source = model("@Sample", "days", "lag = 0")
        val error = singleError(dir, source)
        assertTrue(error.contains("/Broken.kt:${lineOf(source, "yesterday: Int?")}: error: "), error)
        assertTrue(error.contains("asks for lag 0 of 'weather' along plate 'days' (history 1)"), error)
        assertTrue(error.endsWith("[TRELLIS-012]"), error)
    }
}
