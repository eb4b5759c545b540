package dev.trellis.processor.ir;

import java.util.OptionalInt;

/**
 * One parameter of a {@code @Sample} method: the value of another site (or of the same site at an
 * earlier step) that the site's distribution depends on.
 *
 * @param parameterName the Java parameter's name, used in generated calls and messages
 * @param site the name of the site it reads (resolved from {@code @Site}, {@code @Previous} or the
 *     parameter name)
 * @param lag 0 for the current step, k for {@code @Previous(lag = k)}
 * @param initial the value before the chain's first step, when {@code @Previous(initial = ...)} gives one
 * @param type the parameter's Java type, simplified
 * @param typeName the parameter's Java type as written, for messages
 * @param source where the parameter was declared
 */
public record Dependency(
        String parameterName,
        String site,
        int lag,
        OptionalInt initial,
        ValueType type,
        String typeName,
        SourceRef source) {

    /** Whether this reads an earlier step of a chain ({@code @Previous}). */
    public boolean isPrevious() {
        return lag > 0;
    }
}
