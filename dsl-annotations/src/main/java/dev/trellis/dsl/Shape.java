package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a shape by {@link Dim dimension} names: a comma-separated list, outermost first, of dimension names or
 * positive integer literals ({@code "states, tones"}, {@code "2"}, or {@code ""} for a scalar).
 *
 * <ul>
 *   <li>On a {@link Sample @Sample} method: {@link #batch()} and {@link #event()} are the returned distribution's
 *       shapes <em>per plate member</em>. The site's plates are to their left, as in Pyro, and are never written
 *       here (naming one is a compile error).</li>
 *   <li>On a {@link Param @Param} method: {@link #value()} is the value per plate member.</li>
 *   <li>On a {@code Tensor} parameter: {@link #value()} is the whole value it receives (plates of the site it reads
 *       included); it must equal the shape that site or parameter declares.</li>
 *   <li>On a field: {@link #value()} is its shape, for the shapes report.</li>
 * </ul>
 *
 * <pre>{@code
 * @Sample(name = "probs_y") @Shape(event = "states, tones")
 * Distribution probsY() { return Beta.of(0.1, 0.9).expand(hidden, tones).toEvent(2); }
 * }</pre>
 *
 * <p>Kept at run time so that tools may read models by reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
public @interface Shape {
    /** The value's shape (on a {@code @Param}, a parameter or a field); {@code "-"} (the default): undeclared. */
    String value() default UNDECLARED;

    /** A site's batch shape beyond its plates; {@code "-"} (the default): undeclared. */
    String batch() default UNDECLARED;

    /** A site's event shape; {@code "-"} (the default): undeclared. */
    String event() default UNDECLARED;

    /** The marker of an undeclared shape (an empty string is the scalar shape). */
    String UNDECLARED = "-";
}
