package dev.trellis.runtime.errors;

/**
 * A learned parameter's gradient or updated value is NaN or infinite. Thrown before anything is
 * changed, so the parameters and the optimizer's state are still those of before the step.
 *
 * <p>Thread-safe: its fields are set when it is made and never change.
 */
public final class NonFiniteValueException extends TrellisException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final int index;
    private final double value;

    /**
     * @param what which quantity was not finite, e.g. "gradient" or "updated value"
     * @param parameter the parameter's name
     * @param index the flat (row-major) index of the first offending entry
     * @param value that entry
     */
    public NonFiniteValueException(String what, String parameter, int index, double value) {
        super(what + " of parameter '" + parameter + "' is " + value + " at index " + index
                + "; the parameters were left as they were before this step");
        this.parameter = parameter;
        this.index = index;
        this.value = value;
    }

    /** Returns the name of the parameter with the non-finite entry. */
    public String parameter() {
        return parameter;
    }

    /** Returns the flat index of the first non-finite entry. */
    public int index() {
        return index;
    }

    /** Returns the non-finite value itself (NaN or an infinity). */
    public double value() {
        return value;
    }
}
