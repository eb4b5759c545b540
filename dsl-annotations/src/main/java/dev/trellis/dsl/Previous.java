package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for the value of a chain site at an earlier step of its {@link Markov @Markov} plate.
 *
 * <p>Before the chain's first step there is no earlier value. Either the parameter is a nullable
 * {@code Integer} (Kotlin: {@code Int?}) and receives {@code null} there, which lets the body
 * return the initial distribution, or {@link #initial()} gives the value the chain starts from
 * and the parameter is a plain {@code int} (Pyro's HMM examples start from state 0 this way).
 *
 * <pre>{@code
 * // rain/sun: the first day's weather is drawn from pi
 * @Sample @Markov(over = "days") @Enumerate
 * Categorical weather(@Previous Integer yesterday) {
 *     return yesterday == null ? Categorical.of(pi) : Categorical.of(transition.row(yesterday));
 * }
 *
 * // Pyro's hmm.py convention: a hidden state 0 before the first step
 * @Sample @Markov(over = "time") @Enumerate
 * Categorical x(@Previous(initial = 0) int previous) {
 *     return Categorical.of(transition.row(previous));
 * }
 *
 * // an observation that depends on the previous observation (autoregressive HMM)
 * @Sample @Plate("time") @Observed
 * Categorical y(int x, @Previous("y") Integer previousY) { ... }
 *
 * // a continuous chain in a program trained by SVI (no @Enumerate): a Tensor, null before the first step
 * @Sample @Markov(over = "time")
 * Distribution z(@Previous Tensor previous, DmmNetworks dmm) {
 *     Tensor[] next = dmm.trans().forward(previous == null ? dmm.z0() : previous);
 *     return Normal.of(next[0], next[1]).toEvent(1);
 * }
 * }</pre>
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 *
 * <p>In a model without {@link Enumerate @Enumerate} sites every value is a {@code Tensor}: the parameter is a
 * {@code Tensor} that receives null before the chain's first step, or {@code Tensor.scalar(initial)} when
 * {@link #initial()} gives a value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Previous {
    /** The site whose earlier value is wanted; empty (the default) means the annotated method's own site. */
    String value() default "";

    /** How many steps back; at least 1 and at most the chain's {@link Markov#history()}. */
    int lag() default 1;

    /**
     * The value before the chain's first step: empty (the default) means none, and the parameter
     * must then be a nullable {@code Integer} (or a {@code Tensor} receiving null); one value means the
     * parameter is an {@code int} that receives it there (a {@code Tensor} receives it as a scalar).
     */
    int[] initial() default {};
}
