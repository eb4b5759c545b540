package dev.trellis.corpus.oracle;

/** The oracle cannot answer: a model it cannot read, data that do not fit the model, or too many joint states. */
public class BruteForceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BruteForceException(String message) {
        super(message);
    }

    public BruteForceException(String message, Throwable cause) {
        super(message, cause);
    }
}
