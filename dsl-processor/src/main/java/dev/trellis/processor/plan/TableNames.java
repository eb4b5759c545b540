package dev.trellis.processor.plan;

import java.util.HashSet;
import java.util.Set;

/**
 * Readable, unique names for a plan's tables, which the generator uses as the names of its locals: a site's or
 * plate's name (any string {@code @Sample(name = ...)} allows) made a Java identifier, with the table's role as
 * suffix, so that no name is a keyword.
 */
final class TableNames {
    private final Set<String> used = new HashSet<>();

    /** {@return {@code base} as an identifier, or with 2, 3, ... appended when taken} */
    String unique(String base) {
        String identifier = identifier(base);
        String name = identifier;
        for (int n = 2; !used.add(name); n++) {
            name = identifier + n;
        }
        return name;
    }

    private static String identifier(String base) {
        var out = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            out.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        if (out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, 't');
        }
        return out.toString();
    }
}
