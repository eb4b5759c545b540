package dev.trellis.processor.codegen;

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
}
