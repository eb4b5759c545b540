package dev.trellis.runtime.constraints;

import dev.trellis.runtime.tensor.Tensor;
import java.util.OptionalInt;

/**
 * The support of a distribution or the domain of a learned parameter, as torch names them
 * ({@code torch.distributions.constraints}): {@link Real}, {@link Positive}, {@link GreaterThan},
 * {@link Interval}, {@link UnitInterval}, {@link Simplex}, {@link LowerCholesky}.
 *
 * <p>A constraint is plain data with a stable text form, {@link #spec()}, which the parameter store
 * saves and {@link #parse(String)} reads back. Checks follow torch's {@code check}: simplex rows are
 * non-negative and sum to 1 within 1e-6; a lower-Cholesky factor is lower triangular with a
 * positive diagonal.
 */
public sealed interface Constraint {

    /** The text form, e.g. {@code real}, {@code greater_than(2.5)}, {@code interval(0.0, 1.0)}. */
    String spec();

    /**
     * How many trailing dimensions form one constrained value: 0 for element-wise constraints, 1 for
     * the simplex (a vector), 2 for lower-Cholesky factors (a matrix).
     */
    int eventDim();

    /**
     * The flat index of the first entry of {@code value} that violates the constraint (for event
     * constraints, the first entry of the first violating event), or empty when it is satisfied.
     *
     * @throws IllegalArgumentException if {@code value} has fewer than {@link #eventDim()} dimensions
     */
    OptionalInt firstViolation(Tensor value);

    /** Whether every entry (or event) of {@code value} satisfies the constraint. */
    default boolean isSatisfiedBy(Tensor value) {
        return firstViolation(value).isEmpty();
    }

    /** Parses a {@link #spec()}. */
    static Constraint parse(String spec) {
        return ConstraintSpecs.parse(spec);
    }

    /** Any real number (not NaN). */
    record Real() implements Constraint {
        @Override
        public String spec() {
            return "real";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> !Double.isNaN(x));
        }
    }

    /** x > 0. */
    record Positive() implements Constraint {
        @Override
        public String spec() {
            return "positive";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x > 0);
        }
    }

    /** x > lower. */
    record GreaterThan(double lower) implements Constraint {
        public GreaterThan {
            ConstraintChecks.requireFinite("lower", lower);
        }

        @Override
        public String spec() {
            return "greater_than(" + lower + ")";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x > lower);
        }
    }

    /** lower <= x <= upper (closed, as torch's {@code interval} checks). */
    record Interval(double lower, double upper) implements Constraint {
        public Interval {
            ConstraintChecks.requireFinite("lower", lower);
            ConstraintChecks.requireFinite("upper", upper);
            if (!(lower < upper)) {
                throw new IllegalArgumentException("interval needs lower < upper, got [" + lower + ", " + upper + "]");
            }
        }

        @Override
        public String spec() {
            return "interval(" + lower + ", " + upper + ")";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> lower <= x && x <= upper);
        }
    }

    /** 0 <= x <= 1. */
    record UnitInterval() implements Constraint {
        @Override
        public String spec() {
            return "unit_interval";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> 0 <= x && x <= 1);
        }
    }

    /** Vectors (last dimension) of non-negative entries summing to 1 within 1e-6. */
    record Simplex() implements Constraint {
        @Override
        public String spec() {
            return "simplex";
        }

        @Override
        public int eventDim() {
            return 1;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstSimplexViolation(value);
        }
    }

    /** Square matrices (last two dimensions), lower triangular with a positive diagonal. */
    record LowerCholesky() implements Constraint {
        @Override
        public String spec() {
            return "lower_cholesky";
        }

        @Override
        public int eventDim() {
            return 2;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstLowerCholeskyViolation(value);
        }
    }
}
