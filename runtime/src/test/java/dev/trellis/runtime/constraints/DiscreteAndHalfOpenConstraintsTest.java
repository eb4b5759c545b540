package dev.trellis.runtime.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The supports of the discrete distributions and of the bounded-below and half-open ones: each constraint's first
 * violating entry at and beside its bounds, its event rank, and its spec parsing back to an equal constraint.
 */
class DiscreteAndHalfOpenConstraintsTest {

    private static OptionalInt first(Constraint constraint, double... values) {
        return constraint.firstViolation(Tensor.vector(values));
    }

    @Test
    void greaterThanEqIncludesItsBound() {
        Constraint atLeast = new Constraint.GreaterThanEq(-1.5);
        assertEquals(OptionalInt.empty(), first(atLeast, -1.5, 0, Double.POSITIVE_INFINITY));
        assertEquals(OptionalInt.of(1), first(atLeast, -1.5, Math.nextDown(-1.5)));
        assertEquals(OptionalInt.of(0), first(atLeast, Double.NaN));
        assertEquals("nonnegative", new Constraint.GreaterThanEq(0).spec());
        assertEquals("greater_than_eq(-1.5)", atLeast.spec());
        assertThrows(IllegalArgumentException.class, () -> new Constraint.GreaterThanEq(Double.NaN));
    }

    @Test
    void aHalfOpenIntervalHoldsItsLowerBoundButNotItsUpper() {
        Constraint halfOpen = new Constraint.HalfOpenInterval(0, 2);
        assertEquals(OptionalInt.empty(), first(halfOpen, 0, 1, Math.nextDown(2.0)));
        assertEquals(OptionalInt.of(1), first(halfOpen, 0, 2));
        assertEquals(OptionalInt.of(0), first(halfOpen, Math.nextDown(0.0)));
        assertEquals(OptionalInt.of(0), first(halfOpen, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Constraint.HalfOpenInterval(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Constraint.HalfOpenInterval(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void booleansAreExactlyZeroOrOne() {
        Constraint bool = new Constraint.Bool();
        assertEquals(OptionalInt.empty(), first(bool, 0, 1, -0.0));
        assertEquals(OptionalInt.of(2), first(bool, 1, 0, 0.5));
        assertEquals(OptionalInt.of(0), first(bool, 2));
        assertEquals(OptionalInt.of(0), first(bool, Double.NaN));
    }

    @Test
    void integerIntervalsHoldWholeNumbersFromLowerToUpperInclusive() {
        Constraint dice = new Constraint.IntegerInterval(1, 6);
        assertEquals(OptionalInt.empty(), first(dice, 1, 6, 3));
        assertEquals(OptionalInt.of(1), first(dice, 1, 0));
        assertEquals(OptionalInt.of(1), first(dice, 6, 7));
        assertEquals(OptionalInt.of(0), first(dice, 2.5));
        assertEquals(OptionalInt.of(0), first(dice, Double.NaN));
        assertEquals(OptionalInt.empty(), first(new Constraint.IntegerInterval(3, 3), 3));
        assertThrows(IllegalArgumentException.class, () -> new Constraint.IntegerInterval(4, 3));
    }

    @Test
    void nonNegativeIntegersAreWholeFiniteAndAtLeastZero() {
        Constraint counts = new Constraint.NonNegativeInteger();
        assertEquals(OptionalInt.empty(), first(counts, 0, 1, 1e15));
        assertEquals(OptionalInt.of(1), first(counts, 0, -1));
        assertEquals(OptionalInt.of(0), first(counts, 0.5));
        assertEquals(OptionalInt.of(0), first(counts, Double.POSITIVE_INFINITY));
        assertEquals(OptionalInt.of(0), first(counts, Double.NaN));
    }

    @Test
    void oneHotRowsHaveExactlyOneOneAndZerosElsewhere() {
        Constraint oneHot = new Constraint.OneHot();
        assertEquals(OptionalInt.empty(), oneHot.firstViolation(Tensor.matrix(new double[][] {{0, 1, 0}, {1, 0, 0}})));
        assertEquals(OptionalInt.of(3), oneHot.firstViolation(Tensor.matrix(new double[][] {{0, 1, 0}, {1, 1, 0}})));
        assertEquals(OptionalInt.of(0), oneHot.firstViolation(Tensor.matrix(new double[][] {{0, 0, 0}})));
        assertEquals(OptionalInt.of(0), oneHot.firstViolation(Tensor.matrix(new double[][] {{0.5, 0.5, 1}})));
        assertThrows(IllegalArgumentException.class, () -> oneHot.firstViolation(Tensor.scalar(1)));
    }

    @Test
    void independentReinterpretsDimsOfItsBase() {
        Constraint independent = new Constraint.Independent(new Constraint.Positive(), 2);
        assertEquals(2, independent.eventDim());
        assertEquals(3, new Constraint.Independent(new Constraint.OneHot(), 2).eventDim());
        assertEquals(OptionalInt.of(1), independent.firstViolation(Tensor.vector(1, 0)));
        assertEquals("independent(positive, 2)", independent.spec());
        assertThrows(IllegalArgumentException.class, () -> new Constraint.Independent(new Constraint.Real(), -1));
    }

    @Test
    void everyElementConstraintHasEventRankZeroAndEverySpecParsesBack() {
        List<Constraint> all = List.of(new Constraint.GreaterThanEq(0), new Constraint.GreaterThanEq(2.5),
                new Constraint.HalfOpenInterval(-1, 1), new Constraint.Bool(), new Constraint.IntegerInterval(0, 9),
                new Constraint.NonNegativeInteger(), new Constraint.OneHot(), new Constraint.UnitLowerCholesky());
        for (Constraint c : all) {
            assertEquals(c, Constraint.parse(c.spec()), c.spec());
        }
        for (Constraint c : all.subList(0, 6)) {
            assertEquals(0, c.eventDim(), c.spec());
        }
        assertEquals(1, new Constraint.OneHot().eventDim());
        assertEquals(2, new Constraint.UnitLowerCholesky().eventDim());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("integer_interval(1.5, 3)"))
                .getMessage().contains("is not an integer"));
    }
}
