package dev.trellis.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;

/**
 * Which annotations the generated class can carry, as found on the user's compile classpath.
 *
 * @param generated {@code javax.annotation.processing.Generated} (in the JDK since 9)
 * @param nullMarked JSpecify's {@code @NullMarked} (arrives with the runtime): every type in the
 *     generated API is then non-null, which Kotlin and IDEs read instead of guessing platform types
 */
public record AvailableAnnotations(boolean generated, boolean nullMarked) {
    public static final String GENERATED = "javax.annotation.processing.Generated";
    public static final String NULL_MARKED = "org.jspecify.annotations.NullMarked";

    /** Puts {@code @Generated(generatedBy)} and {@code @NullMarked} on a generated class, those that are available. */
    public TypeSpec.Builder annotate(TypeSpec.Builder type, String generatedBy) {
        if (generated) {
            type.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
                    .addMember("value", "$S", generatedBy).build());
        }
        if (nullMarked) {
            type.addAnnotation(ClassName.bestGuess(NULL_MARKED));
        }
        return type;
    }
}
