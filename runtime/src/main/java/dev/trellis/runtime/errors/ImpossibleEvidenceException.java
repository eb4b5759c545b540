package dev.trellis.runtime.errors;

/**
 * The observed data has probability zero under the model, so the requested posterior quantity (marginals, a
 * MAP path, a posterior sample) does not exist.
 *
 * <p>Log-likelihood computations never throw this: they return {@code -Infinity} instead, which is the right
 * value of {@code log 0} and lets training code decide what to do. Only the queries that condition on the
 * evidence throw, and they name the first step at which the forward pass found that every state was ruled
 * out, which is where users should look for the offending observation (or the zero in a probability table).
 *
 * <p>Thread-safe: its fields are set when it is made and never change.
 */
public final class ImpossibleEvidenceException extends TrellisException {

    private static final long serialVersionUID = 1L;

    /** The 0-based step at which the forward pass first had zero mass. */
    private final int firstImpossibleStep;

    /**
     * Creates the exception for evidence that becomes impossible at the given step.
     *
     * @param firstImpossibleStep the 0-based time step at which the forward pass first had zero mass
     */
    public ImpossibleEvidenceException(int firstImpossibleStep) {
        this(firstImpossibleStep, null);
    }

    /**
     * Creates the exception with extra context, e.g. which query or sequence was being computed.
     *
     * @param firstImpossibleStep the 0-based time step at which the forward pass first had zero mass
     * @param context what was being computed, prepended to the message; may be null
     */
    public ImpossibleEvidenceException(int firstImpossibleStep, String context) {
        super(format(firstImpossibleStep, context));
        this.firstImpossibleStep = firstImpossibleStep;
    }

    /** {@return the 0-based time step at which every state of the chain was first ruled out} */
    public int firstImpossibleStep() {
        return firstImpossibleStep;
    }

    private static String format(int step, String context) {
        String prefix = context == null || context.isEmpty() ? "" : context + ": ";
        return prefix + "the evidence has probability zero: at step " + step
                + " every state is ruled out by the observations up to that step and the model's zero"
                + " probabilities";
    }
}
