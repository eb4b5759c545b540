package dev.trellis.processor.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text form of a shape: comma-separated dimension names or positive integer literals, outermost first;
 * {@code ""} is the scalar shape.
 */
public final class ShapeText {
    private ShapeText() {}

    /** The dimensions of {@code text}, or empty with {@code problem[0]} saying what is wrong. */
    public static Optional<List<String>> parse(String text, String[] problem) {
        List<String> dims = new ArrayList<>();
        if (text.isBlank()) {
            return Optional.of(dims);
        }
        for (String part : text.split(",", -1)) {
            String dim = part.strip();
            if (dim.isEmpty()) {
                problem[0] = "an empty dimension between commas";
                return Optional.empty();
            }
            if (isLiteral(dim)) {
                if (Long.parseLong(dim) < 1 || dim.length() > 9) {
                    problem[0] = "size " + dim + " is not between 1 and 999999999";
                    return Optional.empty();
                }
            } else if (!isName(dim)) {
                problem[0] = "'" + dim + "' is neither a dimension name nor a positive integer";
                return Optional.empty();
            }
            dims.add(dim);
        }
        return Optional.of(dims);
    }

    /** Whether a dimension is written as an integer literal. */
    public static boolean isLiteral(String dim) {
        return !dim.isEmpty() && dim.chars().allMatch(Character::isDigit);
    }

    /** Whether {@code dim} is a Java-identifier-like name. */
    public static boolean isName(String dim) {
        if (dim.isEmpty() || !Character.isJavaIdentifierStart(dim.charAt(0))) {
            return false;
        }
        return dim.chars().allMatch(Character::isJavaIdentifierPart);
    }

    /** {@code [states, tones]}. */
    public static String print(List<String> dims) {
        return "[" + String.join(", ", dims) + "]";
    }
}
