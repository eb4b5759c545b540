package dev.trellis.runtime.constraints;

import dev.trellis.runtime.tensor.Tensor;
import java.util.OptionalInt;

/**
 * The support of a distribution or the domain of a learned parameter, as torch names them
 * ({@code torch.distributions.constraints}): {@link Real}, {@link Positive}, {@link GreaterThan},
 * {@link GreaterThanEq}, {@link Interval}, {@link HalfOpenInterval}, {@link UnitInterval}, {@link Simplex},
 * {@link LowerCholesky}, Pyro's {@link SoftplusPositive} and {@link UnitLowerCholesky}, the discrete supports
 * {@link Bool}, {@link IntegerInterval}, {@link NonNegativeInteger} and {@link OneHot}, and {@link Independent} for
 * element-wise constraints applied to whole events.
 *
 * <p>A constraint is plain data with a stable text form, {@link #spec()}, which the parameter store
 * saves and {@link #parse(String)} reads back. Checks follow torch's {@code check}: simplex rows are
 * non-negative and sum to 1 within 1e-6; a lower-Cholesky factor is lower triangular with a
 * positive diagonal.
 *
 * <p>Implementations are immutable records, so thread-safe.
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

    /** {@code lower <= x <= upper} (closed, as torch's {@code interval} checks). */
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

    /**
     * x > 0, like {@link Positive}, but mapped by softplus instead of exp: Pyro's {@code softplus_positive}, the
     * constraint Pyro 1.8.6's autoguides put on their scale parameters (softplus grows linearly, so a scale that
     * wanders far does not overflow as exp does). The check is {@link Positive}'s; only the registered transform
     * differs, which is why it is a constraint of its own.
     */
    record SoftplusPositive() implements Constraint {
        @Override
        public String spec() {
            return "softplus_positive";
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

    /** {@code 0 <= x <= 1}. */
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

    /**
     * Square matrices (last two dimensions), lower triangular with ones on the diagonal: Pyro's
     * {@code unit_lower_cholesky}, the domain of {@code AutoMultivariateNormal.scale_tril}.
     */
    record UnitLowerCholesky() implements Constraint {
        @Override
        public String spec() {
            return "unit_lower_cholesky";
        }

        @Override
        public int eventDim() {
            return 2;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstUnitLowerCholeskyViolation(value);
        }
    }

    /** x >= lower; torch's {@code greater_than_eq}, and {@code nonnegative} when lower is 0. */
    record GreaterThanEq(double lower) implements Constraint {
        public GreaterThanEq {
            ConstraintChecks.requireFinite("lower", lower);
        }

        @Override
        public String spec() {
            return lower == 0.0 ? "nonnegative" : "greater_than_eq(" + lower + ")";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x >= lower);
        }
    }

    /** {@code lower <= x < upper}; torch's {@code half_open_interval}. (torch 1.13 declares Uniform's support closed.) */
    record HalfOpenInterval(double lower, double upper) implements Constraint {
        public HalfOpenInterval {
            ConstraintChecks.requireFinite("lower", lower);
            ConstraintChecks.requireFinite("upper", upper);
            if (!(lower < upper)) {
                throw new IllegalArgumentException("half-open interval needs lower < upper, got [" + lower + ", "
                        + upper + ")");
            }
        }

        @Override
        public String spec() {
            return "half_open_interval(" + lower + ", " + upper + ")";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> lower <= x && x < upper);
        }
    }

    /** x in {0, 1}; torch's {@code boolean}, the support of Bernoulli. */
    record Bool() implements Constraint {
        @Override
        public String spec() {
            return "boolean";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x == 0.0 || x == 1.0);
        }
    }

    /** Integers lower, lower + 1, ..., upper; the support of Categorical and Binomial. */
    record IntegerInterval(long lower, long upper) implements Constraint {
        public IntegerInterval {
            if (lower > upper) {
                throw new IllegalArgumentException("integer interval needs lower <= upper, got " + lower + ".."
                        + upper);
            }
        }

        @Override
        public String spec() {
            return "integer_interval(" + lower + ", " + upper + ")";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x == Math.rint(x) && lower <= x && x <= upper);
        }
    }

    /** Integers 0, 1, 2, ...; torch's {@code nonnegative_integer}, the support of Poisson and Geometric. */
    record NonNegativeInteger() implements Constraint {
        @Override
        public String spec() {
            return "nonnegative_integer";
        }

        @Override
        public int eventDim() {
            return 0;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstElement(value, x -> x == Math.rint(x) && x >= 0 && !Double.isInfinite(x));
        }
    }

    /** Vectors (last dimension) with one entry 1 and the others 0; the support of OneHotCategorical. */
    record OneHot() implements Constraint {
        @Override
        public String spec() {
            return "one_hot";
        }

        @Override
        public int eventDim() {
            return 1;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return ConstraintChecks.firstOneHotViolation(value);
        }
    }

    /**
     * The element-wise (or event) constraint {@code base} applied to events of {@code reinterpretedDims} more
     * dimensions, as torch's {@code constraints.independent}: {@code independent(real, 1)} is a real vector, the
     * support of a MultivariateNormal.
     */
    record Independent(Constraint base, int reinterpretedDims) implements Constraint {
        public Independent {
            if (reinterpretedDims < 0) {
                throw new IllegalArgumentException("reinterpretedDims must be >= 0, got " + reinterpretedDims);
            }
        }

        @Override
        public String spec() {
            return "independent(" + base.spec() + ", " + reinterpretedDims + ")";
        }

        @Override
        public int eventDim() {
            return base.eventDim() + reinterpretedDims;
        }

        @Override
        public OptionalInt firstViolation(Tensor value) {
            return base.firstViolation(value);
        }
    }
}
