package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a site a Markov chain along an ordered plate: at each step the site may depend on its own
 * (and other chain sites') values at up to {@link #history()} earlier steps, read through
 * {@link Previous @Previous} parameters. This is {@code pyro.markov(history=...)} over a time
 * axis.
 *
 * <pre>{@code
 * // a first-order chain over days; yesterday is null on the first day
 * @Sample @Markov(over = "days") @Enumerate
 * Categorical weather(@Previous Integer yesterday) { ... }
 *
 * // a second-order chain; both earlier states start from state 0 (Pyro's convention)
 * @Sample @Markov(over = "time", history = 2) @Enumerate
 * Categorical state(@Previous(initial = 0) int last, @Previous(lag = 2, initial = 0) int beforeLast) { ... }
 * }</pre>
 *
 * <p>The plate named by {@link #over()} is ordered; the site is inside it (and inside any outer
 * plates given with {@link Plate @Plate}). Sites with the same {@code over} plate form chains that
 * advance together, step by step, which is how factorial and dependent chains are written.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 *
 * <p><b>Without {@link Enumerate @Enumerate}</b> (a continuous chain, e.g. a Deep Markov Model's latent
 * path), the model is a program trained by SVI with a guide that samples the chain: the generated program
 * runs the plate's steps one after another, and step t of site {@code z} is the sample site
 * {@code z_t} (t from 1, as Pyro's {@code "z_%d" % t}). A guide proposes each step with a
 * {@code @Markov} site of the same name over the same plate, reading its own earlier steps. Inside a
 * plate of sequences ({@code @Plate("sequences") @Markov(over = "time")}) the sequences may have
 * different lengths: each step is one batch over the sequences, and a sequence that has ended is masked
 * out of the step's log-densities (Pyro's {@code examples/dmm.py}). Such a program has one Markov plate,
 * inside at most one other plate.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Markov {
    /** The ordered plate the chain runs along. */
    String over();

    /** How many earlier steps a site of the chain may read; at least 1. */
    int history() default 1;
}
