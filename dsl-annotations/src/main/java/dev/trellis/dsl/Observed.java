package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a site as observed: its values are supplied with the data, and the site contributes its
 * log-density at those values (as {@code pyro.sample(..., obs=...)}). The generated inference
 * methods take one argument per observed site, named after the site, whose shape follows the
 * site's plates: an {@code int[]} for a categorical site in one plate, an {@code int[][]} for two
 * nested plates, and so on. The data bind the plates' sizes.
 *
 * <pre>{@code
 * @Sample @Plate("days") @Observed
 * Categorical activity(int weather) { ... }
 *
 * // generated:
 * double logLikelihood(int[] activity)
 * }</pre>
 *
 * <p>In a program trained by SVI, data are {@code Tensor}s with one leading dimension per plate. Along a
 * {@link Markov @Markov} plate inside a plate of sequences, the data are a {@code List<Tensor>}, one
 * tensor {@code [T_s, ...]} per sequence with its own number of steps: no padding, the program pads and
 * masks.
 *
 * <p>Observed values outside the distribution's support are rejected at run time with an
 * exception that names the site, the index and the value.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Observed {}
