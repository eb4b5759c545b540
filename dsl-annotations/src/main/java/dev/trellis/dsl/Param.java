package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a learned parameter of a {@link Model @Model} or {@link Guide @Guide}, as {@code pyro.param}: the method
 * returns the parameter's initial (constrained) value, which is used only when the parameter store does not hold the
 * parameter yet. Site methods read the parameter's current value through a parameter of the same name (or one that
 * {@link Site @Site} names), and gradients flow into it during training.
 *
 * <pre>{@code
 * @Param(name = "mu0_scale", constraint = "positive")
 * Tensor mu0Scale() {
 *     return Tensor.scalar(1.0);
 * }
 *
 * @Sample
 * Normal mu0(@Site("mu0_loc") Tensor loc, @Site("mu0_scale") Tensor scale) {
 *     return Normal.of(loc, scale);
 * }
 * }</pre>
 *
 * <p>The value is stored unconstrained, mapped through torch's {@code transform_to(constraint)} as Pyro does:
 * {@code exp} for {@code positive}, {@code sigmoid} for {@code unit_interval}, a softmax for {@code simplex}. The
 * constraint is checked at compile time; accepted forms: {@code real}, {@code positive}, {@code unit_interval},
 * {@code simplex}, {@code lower_cholesky}, {@code greater_than(x)}, {@code interval(a, b)}.
 *
 * <p>The method must return {@code Tensor}, take no parameters, and must not be private or static.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Param {
    /** The parameter's name in the parameter store; empty (the default) means the method's name. */
    String name() default "";

    /** Where the constrained value lives, in the text form listed above; {@code real} by default. */
    String constraint() default "real";
}
