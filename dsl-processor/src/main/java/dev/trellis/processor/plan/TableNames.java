package dev.trellis.processor.plan;

import java.util.HashSet;
import java.util.Set;

/** Readable, unique names for a plan's tables, which the generator uses as the names of its locals. */
final class TableNames {
    private final Set<String> used = new HashSet<>();

    /** {@return {@code base}, or {@code base2}, {@code base3}, ... when taken} */
    String unique(String base) {
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            name = base + n;
        }
        return name;
    }
}
