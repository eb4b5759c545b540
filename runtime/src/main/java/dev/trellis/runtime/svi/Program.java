package dev.trellis.runtime.svi;

/**
 * A model or a guide as code that the inference engines can run: it calls {@link SampleContext} for each of its
 * sites. The code generated for a {@code @Model} class implements it; so may a lambda.
 *
 * <p>Whether a program is thread-safe is its own business: generated programs say it in their javadoc (those without
 * networks are, whenever the user's class is).
 */
@FunctionalInterface
public interface Program {

    /** Runs the program once, sampling, observing and reading parameters through {@code context}. */
    void run(SampleContext context);
}
