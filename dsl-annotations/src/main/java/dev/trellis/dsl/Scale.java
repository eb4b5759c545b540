package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Multiplies a model site's log-density by a named factor set per run, as Pyro's {@code poutine.scale}: KL annealing
 * of a Deep Markov Model scales its latent sites by a factor that grows from 0.2 to 1 during training.
 *
 * <pre>{@code
 * @Sample @Markov(over = "time") @Scale("annealing")
 * Distribution z(@Previous Tensor previous, DmmNetworks dmm) { ... }
 *
 * var model = new DmmProgram(new Dmm(networks), x);
 * var guide = new DmmGuideProgram(new DmmGuide(networks), model);
 * model.setScale("annealing", 0.3);     // every later run of the model and of the guide
 * }</pre>
 *
 * <p>The generated model program has {@code setScale(factor, value)} and {@code scale(factor)}; every factor starts
 * at 1. The factor applies to the site in the model and to the guide's draw of the same site (the guide program
 * reads it from the model program it was built with), so that both terms of the site's contribution to the ELBO are
 * scaled, as Pyro's DMM puts {@code poutine.scale} around the site in both. Declare it on the model's site only; a
 * guide site takes its model's factor. The factor multiplies the site's log-probability on top of any plate
 * subsampling scale and the mask of ragged sequences.
 *
 * <p>Scales are for programs without {@link Enumerate @Enumerate} sites, which SVI trains with a guide.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Scale {
    /** The factor's name, as {@code setScale} takes it; several sites may share one factor. */
    String value();
}
