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
 *
 * <p><b>Observed values as {@code Tensor}s in a model with {@code @Enumerate} sites.</b> An observed site that reads an
 * observed site's value as a {@code Tensor} (its own previous value, as hmm.py's nnHMM reads the previous step's notes,
 * or another observed site's) is scored a <em>block</em> of instances at a time, as Pyro's vectorised models see a batch
 * of sequences: the method is called once per block and assignment of its enumerated parents, the {@code Tensor}
 * holding the block's rows stacked along a new leading dimension ({@code [n, folded plates..., event...]}; before the
 * start, that shape filled with {@code initial}, or null without one), and it must return a distribution whose batch
 * shape broadcasts to {@code [n, folded plates...]}. Write such a method for any number of leading batch dimensions
 * (e.g. {@code reshape(-1, ...)}, not a fixed size); one written for a single row is reported at run time, naming the
 * block and both shapes. The same block is passed for every assignment, so work that depends on the data alone can be
 * done once. hmm.py's model_2 — a {@code Bernoulli} over folded plates reading its own previous value member by
 * member, without a {@link Network @Network} — keeps per-member tables instead and receives one row.
 *
 * <pre>{@code
 * @Sample @Plate({"sequences", "time", "tones"}) @Observed
 * Bernoulli y(int x, @Previous(initial = 0) Tensor previous, @Site("tones_generator") TonesGenerator net) {
 *     return Bernoulli.ofLogits(net.logits(x, previous));    // previous: [n, tones] -> logits [n, tones]
 * }
 * }</pre>
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
