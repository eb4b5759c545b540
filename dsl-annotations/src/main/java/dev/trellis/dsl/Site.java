package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the site a parameter depends on, when the parameter's own name should not be used.
 *
 * <p>By default a {@link Sample @Sample} method's parameter named {@code weather} receives the
 * value of the site {@code weather}. Parameter names are reliable for code compiled from source
 * (Java, and Kotlin through kapt) but not for classes read from a compiled library, so library-style
 * models should name their dependencies explicitly:
 *
 * <pre>{@code
 * @Sample @Plate("days") @Observed
 * Categorical activity(@Site("weather") int state) {
 *     return Categorical.of(emission.row(state));
 * }
 * }</pre>
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Site {
    /** The name of the site whose value this parameter receives. */
    String value();
}
