package dev.trellis.processor.check;

import dev.trellis.processor.ir.SourceRef;

/**
 * One compile error found in a model: which message of the {@link Messages} catalogue, its text,
 * and the element it belongs on.
 */
public record Diagnostic(String id, String message, SourceRef source) {

    /** The text javac shows: the message followed by its stable id. */
    public String render() {
        return message + " [" + id + "]";
    }
}
