package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a named dimension of a model (or guide) and where its size comes from, so that shapes can be written
 * by name ({@link Shape @Shape}, {@link Enumerate#domain()}) and checked: at compile time wherever two
 * declarations meet, at run time where a site method returns its distribution.
 *
 * <pre>{@code
 * @Model
 * @Dim(name = "states", from = "hidden")   // the int field (or no-argument int method) hidden
 * @Dim(name = "tones", from = "tones")     // also the size of the plate tones, which has the same name
 * @Dim(name = "pair", size = 2)           // a constant
 * @Dim(name = "notes")                    // from the data: bound by the first value that carries it
 * public class Hmm { ... }
 * }</pre>
 *
 * <p>A plate is a dimension too: a plate named like a {@code @Dim} is bound to it, {@link #plates()} binds plates of
 * other names, and a plate that no {@code @Dim} binds is a dimension of its own name, sized by the data.
 *
 * <p>Kept at run time so that tools may read models by reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Dims.class)
public @interface Dim {
    /** The dimension's name, as {@code @Shape} and {@code @Enumerate(domain = ...)} write it. */
    String name();

    /**
     * A non-private {@code int} field or no-argument {@code int} method of the class (a Kotlin {@code val}'s getter
     * counts: {@code from = "hidden"} finds {@code getHidden()}) whose value is the size; read from the model object
     * by the generated code. Empty: not from a member.
     */
    String from() default "";

    /** A constant size (at least 1); -1 (the default): not a constant. */
    int size() default -1;

    /** Plates whose size is this dimension, besides the plate of the same name. */
    String[] plates() default {};
}
