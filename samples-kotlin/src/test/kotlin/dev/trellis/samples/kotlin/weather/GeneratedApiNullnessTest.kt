package dev.trellis.samples.kotlin.weather

import com.tschuchort.compiletesting.JvmCompilationResult
import com.tschuchort.compiletesting.KotlinCompilation.ExitCode
import com.tschuchort.compiletesting.SourceFile
import dev.trellis.samples.kotlin.KotlinCompiler
import java.nio.file.Path
import org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * Kotlin sees the generated API's nullness, not platform types: compiles code against the
 * generated RainSunInference and checks what the Kotlin compiler says about it. (Assigning a
 * platform type to a non-null Kotlin type compiles, so only the compiler's diagnostics tell the
 * two apart.)
 */
@OptIn(ExperimentalCompilerApi::class)
class GeneratedApiNullnessTest {

    @Test
    fun kotlinKnowsEveryResultIsNonNull(@TempDir dir: Path) {
        // Comparing with null an expression Kotlin knows to be non-null draws "Condition is always
        // 'false'"; comparing a platform type draws nothing. The last line is the control:
        // System.getProperty is unannotated Java, so its result is a platform type.
        val result = KotlinCompiler.strict(dir, SourceFile.kotlin("Usage.kt", """
            import dev.trellis.runtime.random.Rng
            import dev.trellis.samples.kotlin.weather.RainSunInference

            fun use(inference: RainSunInference, activity: IntArray) {
                if (inference.marginals(activity) == null || inference.marginals(activity).weather() == null) return
                if (inference.viterbi(activity) == null || inference.viterbi(activity).weather() == null) return
                if (inference.samplePosterior(activity, Rng.seeded(1)) == null) return
                if (inference.samplePosterior(activity, Rng.seeded(1)).weather() == null) return
                if (inference.simulate(3, Rng.seeded(1)) == null || inference.simulate(3, Rng.seeded(1)).activity() == null) return
                if (inference.simulate(3, Rng.seeded(1)).weather() == null) return
                if (System.getProperty("user.dir") == null) return
            }
        """))

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        // two comparisons on lines 5, 6 and 9, one on lines 7, 8 and 10, none on the control
        assertEquals(listOf(5, 5, 6, 6, 7, 8, 9, 9, 10), result.linesWith("Condition is always 'false'"), result.messages)
    }

    @Test
    fun kotlinRejectsNullForEveryParameter(@TempDir dir: Path) {
        val result = KotlinCompiler.strict(dir, SourceFile.kotlin("Usage.kt", """
            import dev.trellis.samples.kotlin.weather.RainSun
            import dev.trellis.samples.kotlin.weather.RainSunInference

            fun use(inference: RainSunInference) {
                inference.logLikelihood(null)
                inference.samplePosterior(intArrayOf(0), null)
                RainSunInference(null)
                System.getProperty(null)
            }
        """))

        assertEquals(ExitCode.COMPILATION_ERROR, result.exitCode, result.messages)
        // the control on line 8 compiles: an unannotated Java parameter accepts null
        assertEquals(listOf(5, 6, 7), result.linesWith("Null cannot be a value of a non-null type"), result.messages)
    }

    /** The lines of Usage.kt the compiler reported [text] on, in order, once per report. */
    private fun JvmCompilationResult.linesWith(text: String): List<Int> =
        messages.lines().filter { text in it }
            .map { Regex("""Usage\.kt:(\d+):""").find(it)?.groupValues?.get(1)?.toInt() ?: error("no line in: $it") }
            .sorted()
}
