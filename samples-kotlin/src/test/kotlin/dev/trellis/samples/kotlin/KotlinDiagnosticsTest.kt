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
 * A mistake in a Kotlin model fails the build with the Trellis error on the `.kt` line that makes
 * it: kapt runs the processor on Java stubs, and its diagnostic-location mapping (the pom's
 * `mapDiagnosticLocations`) carries the stub position back to the Kotlin declaration.
 */
@OptIn(ExperimentalCompilerApi::class)
class KotlinDiagnosticsTest {

    private val broken = """
        package weather

        import dev.trellis.dsl.*
        import dev.trellis.runtime.distributions.Categorical
        import dev.trellis.runtime.tensor.Tensor

        @Model
        class Broken {
            private val pi = Tensor.vector(0.6, 0.4)
            private val transition = Tensor.matrix(arrayOf(doubleArrayOf(0.7, 0.3), doubleArrayOf(0.4, 0.6)))
            private val emission = Tensor.matrix(arrayOf(doubleArrayOf(0.1, 0.4, 0.5), doubleArrayOf(0.6, 0.3, 0.1)))

            @Sample @Markov(over = "days") @Enumerate
            fun weather(@Previous yesterday: Int?): Categorical =
                if (yesterday == null) Categorical.of(pi) else Categorical.of(transition.row(yesterday))

            @Sample @Plate("days") @Observed
            fun activity(wether: Int): Categorical = Categorical.of(emission.row(wether))
        }
    """.trimIndent()

    /** 1-based line of Broken.kt holding the misspelled parameter (18). */
    private val typoLine = broken.lines().indexOfFirst { "wether: Int" in it } + 1

    @Test
    fun misspelledDependencyIsReportedOnItsLineOfTheKotlinFile(@TempDir dir: Path) {
        val result = KotlinCompiler.withKapt(dir, SourceFile.kotlin("Broken.kt", broken))

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        assertEquals(1, result.errors.size, result.messages)
        val error = result.errors.single()
        assertTrue(error.contains("/Broken.kt:$typoLine: error: "), error) // kapt writes path:line
        assertTrue(error.contains("parameter 'wether' depends on site 'wether', but the model has no such @Sample method"), error)
        assertTrue(error.contains("(did you mean 'weather'?)"), error)
        assertTrue(error.endsWith("[TRELLIS-008]"), error)
    }

    @Test
    fun withoutLocationMappingTheSameErrorPointsIntoKaptsJavaStub(@TempDir dir: Path) {
        // The control for the test above: the .kt line comes from the mapping, not by accident.
        val result = KotlinCompiler.withKapt(dir, SourceFile.kotlin("Broken.kt", broken), mapDiagnosticLocations = false)

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        val error = result.errors.single { "[TRELLIS-008]" in it }
        assertTrue(Regex("""/weather/Broken\.java:\d+: error: """).containsMatchIn(error), error)
    }
}
