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
            case "softplus_positive":
                return new Constraint.SoftplusPositive();
            case "unit_interval":
                return new Constraint.UnitInterval();
            case "simplex":
                return new Constraint.Simplex();
            case "lower_cholesky":
                return new Constraint.LowerCholesky();
            case "unit_lower_cholesky":
                return new Constraint.UnitLowerCholesky();
            case "nonnegative":
                return new Constraint.GreaterThanEq(0.0);
            case "boolean":
                return new Constraint.Bool();
            case "nonnegative_integer":
                return new Constraint.NonNegativeInteger();
            case "one_hot":
                return new Constraint.OneHot();
            default:
                break;
        }
        Matcher call = CALL.matcher(text);
        if (call.matches()) {
            String name = call.group(1);
            if (name.equals("greater_than") && call.group(3) == null) {
                return new Constraint.GreaterThan(number(call.group(2), spec));
            }
            if (name.equals("greater_than_eq") && call.group(3) == null) {
                return new Constraint.GreaterThanEq(number(call.group(2), spec));
            }
            if (name.equals("interval") && call.group(3) != null) {
                return new Constraint.Interval(number(call.group(2), spec), number(call.group(3), spec));
            }
            if (name.equals("half_open_interval") && call.group(3) != null) {
                return new Constraint.HalfOpenInterval(number(call.group(2), spec), number(call.group(3), spec));
            }
            if (name.equals("integer_interval") && call.group(3) != null) {
                return new Constraint.IntegerInterval(integer(call.group(2), spec), integer(call.group(3), spec));
            }
        }
        throw new IllegalArgumentException("unknown constraint '" + spec + "'; expected real, positive, "
                + "softplus_positive, unit_interval, simplex, lower_cholesky, unit_lower_cholesky, nonnegative, "
                + "boolean, nonnegative_integer, one_hot, greater_than(x), greater_than_eq(x), interval(a, b), "
                + "half_open_interval(a, b) or integer_interval(m, n)");
    }

    private static long integer(String text, String spec) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint '" + spec + "': '" + text.strip() + "' is not an integer", e);
        }
    }

    private static double number(String text, String spec) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint '" + spec + "': '" + text.strip() + "' is not a number", e);
        }
    }
}
