package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a guide (a variational family) for a {@link Model @Model}: a class whose {@link Sample @Sample} methods
 * return the approximate posterior of the model's latent sites, usually from {@link Param @Param} values.
 *
 * <pre>{@code
 * @Guide(EightSchools.class)
 * public class EightSchoolsGuide {
 *     @Param(name = "mu0_loc") Tensor mu0Loc() { return Tensor.scalar(0.0); }
 *     @Param(name = "mu0_scale", constraint = "positive") Tensor mu0Scale() { return Tensor.scalar(1.0); }
 *
 *     @Sample
 *     Normal mu0(@Site("mu0_loc") Tensor loc, @Site("mu0_scale") Tensor scale) { return Normal.of(loc, scale); }
 *     ...
 * }
 * }</pre>
 *
 * <p>The processor checks the guide against the model at compile time: it must sample every latent site of the
 * model that is not {@link Enumerate @Enumerate}d, and nothing else (no observed or enumerated site), in the same
 * plates, with a distribution whose support matches the model's. It generates {@code <Guide>Program} beside the
 * guide, which SVI runs together with the model's {@code <Model>Program}.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 *
 * <p>A guide may read the model's observed sites as data (amortised inference): a site method at its own members
 * (and step), a {@link Computed @Computed} method whole, e.g. to run an RNN once over each sequence. A guide site
 * for a model's {@link Markov @Markov} chain is a {@code @Markov} site over the same plate, proposing each step
 * from its own earlier ones. Its draws take the model's {@link Scale @Scale} factors, read from the model's
 * program it is built with.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Guide {
    /** The model this guide approximates the posterior of. */
    Class<?> value();
}
