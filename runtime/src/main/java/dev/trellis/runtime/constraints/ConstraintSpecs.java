package dev.trellis.runtime.constraints;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the text form of a {@link Constraint}, as written by {@link Constraint#spec()}. */
final class ConstraintSpecs {
    private static final Pattern CALL = Pattern.compile("(\\w+)\\(([^,()]+)(?:,([^,()]+))?\\)");

    private ConstraintSpecs() {
    }

    static Constraint parse(String spec) {
        String text = spec.strip();
        switch (text) {
            case "real":
                return new Constraint.Real();
            case "positive":
                return new Constraint.Positive();
            case "unit_interval":
                return new Constraint.UnitInterval();
            case "simplex":
                return new Constraint.Simplex();
            case "lower_cholesky":
                return new Constraint.LowerCholesky();
            default:
                break;
        }
        Matcher call = CALL.matcher(text);
        if (call.matches()) {
            String name = call.group(1);
            if (name.equals("greater_than") && call.group(3) == null) {
                return new Constraint.GreaterThan(number(call.group(2), spec));
            }
            if (name.equals("interval") && call.group(3) != null) {
                return new Constraint.Interval(number(call.group(2), spec), number(call.group(3), spec));
            }
        }
        throw new IllegalArgumentException("unknown constraint '" + spec + "'; expected real, positive, unit_interval, "
                + "simplex, lower_cholesky, greater_than(x) or interval(a, b)");
    }

    private static double number(String text, String spec) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint '" + spec + "': '" + text.strip() + "' is not a number", e);
        }
    }
}
