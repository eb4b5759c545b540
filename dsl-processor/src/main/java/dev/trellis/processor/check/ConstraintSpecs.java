package dev.trellis.processor.check;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code @Param} constraint's text at compile time, with the grammar the runtime's
 * {@code Constraint.parse} reads (the processor does not link against the runtime; a test checks the two agree).
 */
final class ConstraintSpecs {
    private static final Set<String> NAMES = Set.of("real", "positive", "nonnegative", "unit_interval", "simplex",
            "lower_cholesky");
    private static final Pattern CALL = Pattern.compile("(\\w+)\\(([^,()]+)(?:,([^,()]+))?\\)");

    private ConstraintSpecs() {}

    /** {@return why the text is not a constraint a parameter can have, or empty when it is one} */
    static Optional<String> problem(String spec) {
        String text = spec.strip();
        if (NAMES.contains(text)) {
            return Optional.empty();
        }
        Matcher call = CALL.matcher(text);
        if (!call.matches()) {
            return Optional.of("is not a constraint");
        }
        String name = call.group(1);
        boolean twoArguments = call.group(3) != null;
        switch (name) {
            case "greater_than", "greater_than_eq" -> {
                if (twoArguments) {
                    return Optional.of("takes one bound");
                }
                return finite(call.group(2));
            }
            case "interval" -> {
                if (!twoArguments) {
                    return Optional.of("needs a lower and an upper bound");
                }
                Optional<String> lower = finite(call.group(2));
                Optional<String> upper = finite(call.group(3));
                if (lower.isPresent() || upper.isPresent()) {
                    return lower.or(() -> upper);
                }
                if (!(Double.parseDouble(call.group(2).strip()) < Double.parseDouble(call.group(3).strip()))) {
                    return Optional.of("needs lower < upper");
                }
                return Optional.empty();
            }
            default -> {
                return Optional.of("is not a constraint");
            }
        }
    }

    private static Optional<String> finite(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? Optional.empty() : Optional.of("has a bound that is not finite");
        } catch (NumberFormatException e) {
            return Optional.of("has a bound '" + text.strip() + "' that is not a number");
        }
    }
}
