package dev.trellis.processor.ir;

/**
 * Where in the user's source a part of the model was declared. The IR stays free of
 * {@code javax.lang.model}: the handle is opaque here, and only the reading layer, which made it,
 * turns it back into an element to attach a diagnostic to. Tests use plain strings as handles.
 */
public record SourceRef(Object handle) {
    /** A reference nobody can point at (for parts the processor synthesises). */
    public static final SourceRef NONE = new SourceRef("<none>");
}
