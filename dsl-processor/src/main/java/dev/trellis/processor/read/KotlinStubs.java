package dev.trellis.processor.read;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Where kapt's Java stubs of a Kotlin class differ from the Java a user would write.
 *
 * <p>Kapt keeps parameter names, nullness ({@code Int?} becomes {@code @Nullable Integer}) and
 * modifiers, so almost everything reads as it does for Java. The exception is an {@code internal}
 * member: Kotlin gives it the JVM name {@code name$module} (the module name, sanitised, after a
 * {@code $}) so that other modules cannot call it by accident, and the stub carries that name. The
 * generated inference class, compiled in the same module, calls the JVM name; the site keeps the
 * name the user wrote.
 */
final class KotlinStubs {
    /** Every class the Kotlin compiler emits, stubs included, carries this annotation. */
    private static final String METADATA = "kotlin.Metadata";

    private KotlinStubs() {}

    /**
     * The name {@code method} was declared with: its JVM name, without the module suffix Kotlin
     * appends to an {@code internal} member's name. A Java class's names are taken as they are —
     * {@code $} is legal in a Java identifier — as are names in a Kotlin class without a {@code $}.
     */
    static String declaredName(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        int suffix = name.lastIndexOf('$');
        if (suffix <= 0 || suffix == name.length() - 1 || !isKotlin((TypeElement) method.getEnclosingElement())) {
            return name;
        }
        return name.substring(0, suffix);
    }

    static boolean isKotlin(TypeElement type) {
        return ModelReader.annotationMirror(type, METADATA) != null;
    }
}
