package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a site inside one or more plates: the site is replicated once per member of each plate,
 * the replicas being conditionally independent given the sites outside the plate (as
 * {@code pyro.plate}). Plates are listed from the outermost to the innermost.
 *
 * <pre>{@code
 * // one activity per day
 * @Sample @Plate("days") @Observed
 * Categorical activity(int weather) { ... }
 *
 * // one note per tone, per time step, per sequence (outermost first)
 * @Sample @Plate({"sequences", "time", "tones"}) @Observed
 * Bernoulli note(int state) { ... }
 * }</pre>
 *
 * <p>A plate's size is not declared: it is bound at run time from the data observed inside it
 * (a plate of sequences bound to an {@code int[][]} takes each sequence's own length, so ragged
 * sequences need no padding or mask). Every site that lists the same plates must list them in the
 * same nesting order. A site that is a {@link Markov @Markov} chain over a plate is inside that
 * plate already; if it lists it here too, it must be the innermost.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Plate {
    /** The plates, outermost first. */
    String[] value();
}
