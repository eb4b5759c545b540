package dev.trellis.processor.shapes;

import dev.trellis.processor.ir.SourceRef;
import java.util.List;

/**
 * One {@code @Dim} of a model or guide: a named size and where it comes from.
 *
 * @param name the dimension's name
 * @param source where its size comes from
 * @param access for {@link Source#MEMBER}, the Java expression that reads it from the model object {@code model}
 *     ({@code model.hidden}, {@code model.getHidden()}, or {@code pkg.Model.STATES} for a static field); empty otherwise
 * @param size for {@link Source#CONSTANT}, the size; -1 otherwise
 * @param plates the plates bound to it explicitly ({@code @Dim(plates = ...)})
 * @param ref the {@code @Dim} annotation on the class
 */
public record Dimension(String name, Source source, String access, int size, List<String> plates, SourceRef ref) {

    public Dimension {
        plates = List.copyOf(plates);
    }

    /** Where a dimension's size comes from. */
    public enum Source {
        /** A field or no-argument method of the model object, read by the generated code. */
        MEMBER,
        /** A constant written in the annotation. */
        CONSTANT,
        /** The data: bound by the first value that carries it. */
        DATA
    }

    /** {@return how the report describes the source, e.g. {@code "model.hidden"}, {@code "constant"}, {@code "data"}} */
    public String describeSource() {
        return switch (source) {
            case MEMBER -> access;
            case CONSTANT -> "constant";
            case DATA -> "data";
        };
    }
}
