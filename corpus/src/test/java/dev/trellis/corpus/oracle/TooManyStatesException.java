package dev.trellis.corpus.oracle;

/** A case whose joint table would exceed the oracle's limit: the oracle refuses rather than run for hours. */
public final class TooManyStatesException extends BruteForceException {
    private static final long serialVersionUID = 1L;

    public TooManyStatesException(String message) {
        super(message);
    }
}
