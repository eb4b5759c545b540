package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a Trellis model: its {@link Sample @Sample} methods are the sites of a
 * generative story, and the Trellis annotation processor generates an inference class for it,
 * {@code <ModelName>Inference}, in the same package.
 *
 * <p>The model's structure lives on declarations only (annotations, method names, parameter
 * lists, return types); method bodies only compute distribution parameters. This is what lets the
 * processor plan exact inference at compile time, and what lets it read Kotlin models from kapt
 * stubs, which have no method bodies.
 *
 * <pre>{@code
 * @Model
 * public class RainSun {
 *     @Sample @Markov(over = "days") @Enumerate
 *     Categorical weather(@Previous Integer yesterday) {
 *         return yesterday == null ? Categorical.of(pi) : Categorical.of(transition.row(yesterday));
 *     }
 *
 *     @Sample @Plate("days") @Observed
 *     Categorical activity(int weather) {
 *         return Categorical.of(emission.row(weather));
 *     }
 * }
 *
 * // generated: RainSunInference
 * double logP = new RainSunInference(model).logLikelihood(activities);
 * }</pre>
 *
 * <p>The class must be a top-level or static nested class that is not private.
 *
 * <p>Kept at run time so that tools may read models by reflection (the corpus's brute-force oracle does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Model {}
