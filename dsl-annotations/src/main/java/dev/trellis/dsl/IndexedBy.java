package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a method indexes this {@code Tensor} parameter's leading dimensions by the values of the listed
 * enumerated parameters of the same method, in order (what Pyro writes {@code Vindex(probs)[w, x]}). The processor
 * checks that those dimensions are the listed sites' {@link Enumerate#domain() domains}; the body still does the
 * indexing.
 *
 * <pre>{@code
 * @Sample @Plate({"sequences", "time", "tones"}) @Observed
 * Bernoulli y(int x, @Site("probs_y") @IndexedBy("x") Tensor probsY) { return Bernoulli.of(probsY.select(0, x)); }
 * }</pre>
 *
 * <p>Kept at run time so that tools may read models by reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface IndexedBy {
    /** Parameter names of the same method, each an {@code int} (or {@code Integer}) reading an enumerated site. */
    String[] value();
}
