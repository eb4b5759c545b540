package dev.trellis.runtime.errors;

/**
 * Base class of every exception Trellis raises because of a model, its parameters or its data.
 *
 * <p>Catching {@code TrellisException} separates "the model or the data is wrong" from bugs in the caller's
 * own code. It is unchecked because generated code and user method bodies should not have to declare it.
 *
 * <p>Thread-safe, as its subclasses: their fields are set when they are made and never change.
 */
public class TrellisException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what is wrong.
     *
     * @param message what went wrong, naming the offending site, index and value where there is one
     */
    public TrellisException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the exception that caused it.
     *
     * @param message what went wrong, naming the offending site, index and value where there is one
     * @param cause the underlying exception, kept for its stack trace; may be null
     */
    public TrellisException(String message, Throwable cause) {
        super(message, cause);
    }
}
