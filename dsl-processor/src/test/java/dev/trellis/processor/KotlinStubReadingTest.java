package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor reads the Java stubs kapt makes of Kotlin models. The stubs here are written the
 * way kapt 2.1 writes them (see samples-kotlin for the real thing): {@code @kotlin.Metadata} on the
 * class, JetBrains nullness annotations, {@code public final} members, and for an {@code internal}
 * fun the JVM name {@code name$module}.
 */
class KotlinStubReadingTest {

    /** Stand-ins for the Kotlin annotations on a stub; the processor only looks at their names. */
    private static final JavaFileObject METADATA = JavaFileObjects.forSourceString("kotlin.Metadata",
            "package kotlin;\npublic @interface Metadata {}\n");
    private static final JavaFileObject NULLABLE = JavaFileObjects.forSourceString("org.jetbrains.annotations.Nullable",
            "package org.jetbrains.annotations;\npublic @interface Nullable {}\n");
    private static final JavaFileObject NOT_NULL = JavaFileObjects.forSourceString("org.jetbrains.annotations.NotNull",
            "package org.jetbrains.annotations;\npublic @interface NotNull {}\n");

    /** The rain/sun model with both sites {@code internal}, as kapt stubs it in module "app". */
    private static JavaFileObject internalRainSunStub(String metadata) {
        return JavaFileObjects.forSourceString("weather.RainSun", String.join("\n",
                "package weather;",
                Sources.IMPORTS,
                metadata,
                "@Model",
                "public final class RainSun {",
                "    private final Tensor pi = null;",
                "    public RainSun() { super(); }",
                "",
                "    @Sample @Markov(over = \"days\") @Enumerate @org.jetbrains.annotations.NotNull",
                "    public final Categorical weather$app(@Previous @org.jetbrains.annotations.Nullable Integer yesterday) {",
                "        return null;",
                "    }",
                "",
                "    @Sample @Plate(\"days\") @Observed @org.jetbrains.annotations.NotNull",
                "    public final Categorical activity$app(int weather) {",
                "        return null;",
                "    }",
                "}",
                ""));
    }

    @Test
    void anInternalKotlinFunIsTheSiteItWasDeclaredAsAndIsCalledByItsJvmName() throws IOException {
        Compilation compilation = compile(METADATA, NULLABLE, NOT_NULL, internalRainSunStub("@kotlin.Metadata"));

        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("weather.RainSunInference").orElseThrow()
                .getCharContent(false).toString();
        // sites, data parameters and result components carry the Kotlin names ...
        assertTrue(generated.contains("public double logLikelihood(int[] activity)"), generated);
        assertTrue(generated.contains("public record Marginals(double[][] weather)"), generated);
        assertTrue(generated.contains("Tabulation.table(\"weather\", new String[] {\"yesterday\"}"), generated);
        // ... and the calls go to the methods the JVM knows
        assertTrue(generated.contains("parents -> model.weather$app(null)"), generated);
        assertTrue(generated.contains("(variant, values) -> model.activity$app(values[0])"), generated);
    }

    @Test
    void aDollarInAJavaMethodNameIsPartOfTheSiteName() {
        // Without @kotlin.Metadata the class is Java, where '$' is an ordinary identifier character:
        // the sites are weather$app and activity$app, so the parameter 'weather' names no site.
        JavaFileObject source = internalRainSunStub("");

        Compilation compilation = compile(NULLABLE, NOT_NULL, source);

        assertThat(compilation).hadErrorContaining("parameter 'weather' depends on site 'weather', but the model has no such")
                .inFile(source).onLineContaining("int weather");
    }

    @Test
    void errorsOnAnInternalKotlinFunNameItAsDeclared() {
        JavaFileObject source = JavaFileObjects.forSourceString("test.Stub", String.join("\n",
                "package test;",
                Sources.IMPORTS,
                "@kotlin.Metadata",
                "@Model",
                "public final class Stub {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    public final Tensor weather$app(@Previous Integer yesterday) { return null; }",
                "    @Plate(\"days\")",
                "    public final Categorical activity$app(int weather) { return null; }",
                "}",
                ""));

        Compilation compilation = compile(METADATA, source);

        assertThat(compilation).hadErrorContaining("@Sample method weather returns dev.trellis.runtime.tensor.Tensor")
                .inFile(source).onLineContaining("Tensor weather$app(");
        assertThat(compilation).hadErrorContaining("method activity has @Plate but no @Sample")
                .inFile(source).onLineContaining("@Plate(\"days\")");
    }
}
