package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a value a program computes once per run from its data, before any site is drawn: a summary that many sites
 * read, such as an RNN run once over each observed sequence in a Deep Markov Model's guide. It is not a random
 * variable and is not recorded in the trace (in Pyro it is plain code in the model or guide).
 *
 * <pre>{@code
 * // the seed tutorial's DMM guide: the RNN's state after x_1..x_t, for every step t of one sequence x [T, x_dim]
 * @Computed @Plate("time")
 * Tensor rnnOut(Tensor x, DmmNetworks dmm) {
 *     return dmm.rnn().forward(x.unsqueeze(0), dmm.h0()).output().select(0, 0);     // [T, rnn_dim]
 * }
 *
 * @Sample @Markov(over = "time")
 * Distribution z(@Previous Tensor previous, Tensor rnnOut, DmmNetworks dmm) { ... }   // rnnOut of step t: [rnn_dim]
 * }</pre>
 *
 * <p><b>What it reads.</b> Observed sites, whole: the data of this run, with one leading dimension per plate of the
 * site (outermost first, this run's members of each plate) and then the site's own dimensions. A sequence along a
 * {@link Markov @Markov} plate arrives whole ({@code [T, ...]}); ragged sequences (a plate of sequences around the
 * Markov plate) arrive padded to the run's longest, as a {@code Tensor} {@code [B, T, ...]}, or, for a parameter of
 * type {@code dev.trellis.runtime.svi.Sequences}, together with each sequence's length (to run a recurrent layer
 * over each sequence's own steps, or right to left). A guide reads its model's observed sites this way. It may also
 * read {@link Param @Param}s, {@link Network @Network}s and plates; not latent sites, nor other computed values.
 *
 * <p><b>Its value.</b> The method returns a {@code Tensor} laid out like data in the plates of its {@link Plate @Plate}:
 * one leading dimension per plate (outermost first; a Markov plate's dimension has the run's number of
 * steps), then the value's own dimensions. A site reads it by name (or {@link Site @Site}) as it reads an observed
 * site in those plates: at a chain's step t, the slice of step t; in plates, aligned to the plates' batch
 * dimensions. The generated program checks the leading dimensions and names the value when they do not fit.
 *
 * <p>The method must return {@code Tensor} and must not be private, static or generic.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Computed {
    /** The value's name, by which sites read it; empty means the method's name. */
    String name() default "";
}
