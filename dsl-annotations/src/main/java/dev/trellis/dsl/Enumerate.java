package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sums a discrete latent site out exactly instead of sampling it: the generated inference
 * enumerates every value of the site's finite support and eliminates it by variable elimination
 * (for a chain, the forward algorithm), so the site adds no Monte Carlo variance. This is Pyro's
 * {@code infer={"enumerate": "parallel"}}.
 *
 * <pre>{@code
 * @Sample @Markov(over = "days") @Enumerate
 * Categorical weather(@Previous Integer yesterday) { ... }
 * }</pre>
 *
 * <p>The site's distribution must have a finite support (its return type must implement the
 * runtime's {@code EnumerableDistribution}, as {@code Categorical} does), and the site must not be
 * {@link Observed @Observed}. Its posterior marginals, MAP assignment and exact posterior samples
 * are available from the generated class.
 *
 * <p>{@code @Enumerate(domain = "states")} names the {@link Dim dimension} the site's values range over
 * ({@code 0..states-1}): tables indexed by the site ({@link IndexedBy @IndexedBy}) are checked against it at compile
 * time, and the distribution's support size against its size at run time.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Enumerate {
    /** The dimension the site's values range over; empty (the default) leaves the domain undeclared. */
    String domain() default "";
}
