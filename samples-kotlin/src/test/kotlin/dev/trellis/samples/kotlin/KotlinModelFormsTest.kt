package dev.trellis.samples.kotlin

import com.tschuchort.compiletesting.KotlinCompilation.ExitCode
import com.tschuchort.compiletesting.SourceFile
import dev.trellis.samples.weather.RainSun
import dev.trellis.samples.weather.RainSunInference
import java.nio.file.Path
import org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The rain/sun model in the other shapes a Kotlin user may give it: each goes through kapt and the
 * Trellis processor, and its generated inference gives the Java twin's log-likelihood, bit for bit.
 */
@OptIn(ExperimentalCompilerApi::class)
class KotlinModelFormsTest {

    private val tables = """
        val PI: Tensor = Tensor.vector(0.6, 0.4)
        val TRANSITION: Tensor = Tensor.matrix(arrayOf(doubleArrayOf(0.7, 0.3), doubleArrayOf(0.4, 0.6)))
        val EMISSION: Tensor = Tensor.matrix(arrayOf(doubleArrayOf(0.1, 0.4, 0.5), doubleArrayOf(0.6, 0.3, 0.1)))
    """.trimIndent()

    /** One file per form: its name, and the class body between the header and the end. */
    private val forms = mapOf(
        // internal funs: the stubs call them weather${'$'}main, the sites are still weather and activity
        "InternalSites" to """
            class InternalSites {
                @Sample @Markov(over = "days") @Enumerate
                internal fun weather(@Previous yesterday: Int?): Categorical =
                    if (yesterday == null) Categorical.of(PI) else Categorical.of(TRANSITION.row(yesterday))

                @Sample @Plate("days") @Observed
                internal fun activity(weather: Int): Categorical = Categorical.of(EMISSION.row(weather))
            }
        """,
        // an open class with open and protected sites, meant to be subclassed
        "OpenModel" to """
            open class OpenModel {
                @Sample @Markov(over = "days") @Enumerate
                open fun weather(@Previous yesterday: Int?): Categorical =
                    if (yesterday == null) Categorical.of(PI) else Categorical.of(TRANSITION.row(yesterday))

                @Sample @Plate("days") @Observed
                protected open fun activity(weather: Int): Categorical = Categorical.of(EMISSION.row(weather))
            }
        """,
        // the tables as constructor properties with defaults
        "ConstructorTables" to """
            class ConstructorTables(
                private val pi: Tensor = PI,
                private val transition: Tensor = TRANSITION,
                val emission: Tensor = EMISSION,
            ) {
                @Sample @Markov(over = "days") @Enumerate
                fun weather(@Previous yesterday: Int?): Categorical =
                    if (yesterday == null) Categorical.of(pi) else Categorical.of(transition.row(yesterday))

                @Sample @Plate("days") @Observed
                fun activity(weather: Int): Categorical = Categorical.of(emission.row(weather))
            }
        """,
        // the tables in a companion object
        "CompanionTables" to """
            class CompanionTables {
                @Sample @Markov(over = "days") @Enumerate
                fun weather(@Previous yesterday: Int?): Categorical =
                    if (yesterday == null) Categorical.of(pi) else Categorical.of(transition.row(yesterday))

                @Sample @Plate("days") @Observed
                fun activity(weather: Int): Categorical = Categorical.of(emission.row(weather))

                companion object {
                    private val pi = PI
                    private val transition = TRANSITION
                    private val emission = EMISSION
                }
            }
        """,
        // a singleton: the generated class takes the object itself
        "SingletonModel" to """
            object SingletonModel {
                @Sample @Markov(over = "days") @Enumerate
                fun weather(@Previous yesterday: Int?): Categorical =
                    if (yesterday == null) Categorical.of(PI) else Categorical.of(TRANSITION.row(yesterday))

                @Sample @Plate("days") @Observed
                fun activity(weather: Int): Categorical = Categorical.of(EMISSION.row(weather))
            }
        """,
    )

    @Test
    fun everyFormGivesTheJavaTwinsLogLikelihood(@TempDir dir: Path) {
        val header = """
            package forms

            import dev.trellis.dsl.*
            import dev.trellis.runtime.distributions.Categorical
            import dev.trellis.runtime.tensor.Tensor
        """.trimIndent()
        val sources = forms.map { (name, body) -> SourceFile.kotlin("$name.kt", "$header\n\n@Model\n${body.trimIndent()}\n") } +
            SourceFile.kotlin("Tables.kt", "$header\n\n$tables\n")

        val result = KotlinCompiler.withKapt(dir, *sources.toTypedArray())

        assertEquals(ExitCode.OK, result.exitCode, result.messages)
        val activity = intArrayOf(0, 0, 0, 1, 1, 0, 2, 1, 1, 1, 0, 1, 0, 0)
        val expected = RainSunInference(RainSun()).logLikelihood(activity)
        for (name in forms.keys) {
            val model = result.classLoader.loadClass("forms.$name")
            val instance = model.declaredFields.firstOrNull { it.name == "INSTANCE" }?.get(null)
                ?: model.getConstructor().newInstance()
            val inference = result.classLoader.loadClass("forms.${name}Inference").getConstructor(model).newInstance(instance)
            val logLikelihood = inference.javaClass.getMethod("logLikelihood", IntArray::class.java).invoke(inference, activity) as Double
            assertEquals(expected.toRawBits(), logLikelihood.toRawBits(), "$name: $logLikelihood, Java twin $expected")
        }
    }
}
