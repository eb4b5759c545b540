package dev.trellis.samples.kotlin

import com.tschuchort.compiletesting.JvmCompilationResult
import com.tschuchort.compiletesting.KotlinCompilation
import com.tschuchort.compiletesting.SourceFile
import dev.trellis.processor.TrellisProcessor
import java.io.ByteArrayOutputStream
import java.nio.file.Path
import org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi
import org.jetbrains.kotlin.kapt3.base.KaptFlag

/**
 * The Kotlin compiler in-process (kotlin-compile-testing), on this module's test classpath: the
 * annotations, the runtime, the processor and the compiled samples are all there.
 */
@OptIn(ExperimentalCompilerApi::class)
object KotlinCompiler {

    /**
     * Compiles [sources] the way samples-kotlin's pom does: kapt runs the Trellis processor on the
     * stubs, with diagnostics mapped back to the `.kt` files unless [mapDiagnosticLocations] is
     * false, then kotlinc and javac compile the sources and what the processor generated.
     */
    fun withKapt(workingDir: Path, vararg sources: SourceFile, mapDiagnosticLocations: Boolean = true): JvmCompilationResult =
        compilation(workingDir, sources).apply {
            annotationProcessors = listOf(TrellisProcessor())
            // Registers kapt's K2-era plugin; like kotlin-maven-plugin 2.1, it falls back to
            // analysing the sources with K1 (language 1.9) to write the stubs.
            useKapt4 = true
            if (mapDiagnosticLocations) kaptFlags.add(KaptFlag.MAP_DIAGNOSTIC_LOCATIONS)
        }.compile()

    /** Compiles [sources] with kotlinc alone, every warning an error. */
    fun strict(workingDir: Path, vararg sources: SourceFile): JvmCompilationResult =
        compilation(workingDir, sources).apply { allWarningsAsErrors = true }.compile()

    private fun compilation(workingDir: Path, sources: Array<out SourceFile>) = KotlinCompilation().apply {
        this.workingDir = workingDir.toFile()
        this.sources = sources.toList()
        inheritClassPath = true
        jvmTarget = "17"
        verbose = false
        messageOutputStream = ByteArrayOutputStream() // the result's messages hold what matters
    }

    /** `e:` lines of the compiler's output. */
    val JvmCompilationResult.errors: List<String>
        get() = messages.lines().filter { it.startsWith("e: ") }
}
