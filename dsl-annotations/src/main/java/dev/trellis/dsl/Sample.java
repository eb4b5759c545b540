package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a random variable (a <em>site</em>) of a {@link Model @Model}: the method returns the
 * distribution the site is drawn from, given the values of the sites it depends on.
 *
 * <p>The site's name is the method's name unless {@link #name()} says otherwise. Each method
 * parameter is a dependency: by default the parameter's name is the name of the site whose value
 * it receives; {@link Site @Site} names it explicitly, and {@link Previous @Previous} asks for an
 * earlier step of a chain.
 *
 * <pre>{@code
 * // activity depends on the same day's weather; the parameter name says which site
 * @Sample @Plate("days") @Observed
 * Categorical activity(int weather) {
 *     return Categorical.of(emission.row(weather));
 * }
 * }</pre>
 *
 * <p>A site is either observed ({@link Observed @Observed}: its values come with the data) or
 * latent. A latent site with finite support is summed out exactly when it is marked
 * {@link Enumerate @Enumerate}.
 *
 * <p>The method must not be private or static, and must not be generic: the generated inference
 * class, in the same package, calls it on the model instance it was given. In Kotlin, a public,
 * protected or {@code internal} {@code fun} will do; an {@code internal} one is still named as
 * written, although Kotlin gives it a mangled JVM name.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Sample {
    /** The site's name; empty (the default) means the method's name. */
    String name() default "";
}
