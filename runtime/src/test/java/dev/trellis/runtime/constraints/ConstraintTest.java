package dev.trellis.runtime.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConstraintTest {

    @Test
    void everySpecParsesBackToAnEqualConstraint() {
        List<Constraint> all = List.of(new Constraint.Real(), new Constraint.Positive(), new Constraint.GreaterThan(-2.5),
                new Constraint.Interval(0.25, 3.0), new Constraint.UnitInterval(), new Constraint.Simplex(),
                new Constraint.LowerCholesky(), new Constraint.SoftplusPositive());
        for (Constraint c : all) {
            assertEquals(c, Constraint.parse(c.spec()), c.spec());
        }
        assertEquals(new Constraint.Interval(-1, 1), Constraint.parse(" interval( -1 , 1 ) "));
    }

    @Test
    void unknownOrMalformedSpecsAreRejectedWithTheSpecInTheMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("positive_definite"))
                .getMessage().contains("unknown constraint 'positive_definite'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("interval(x, 1)"))
                .getMessage().contains("'x' is not a number"));
        assertThrows(IllegalArgumentException.class, () -> Constraint.parse("interval(2, 1)"));
    }

    @Test
    void elementConstraintsFindTheFirstViolatingEntry() {
        Tensor values = Tensor.vector(0.5, 0.0, -1.0, Double.NaN);
        assertEquals(OptionalInt.of(3), new Constraint.Real().firstViolation(values));
        assertEquals(OptionalInt.of(1), new Constraint.Positive().firstViolation(values));
        assertEquals(OptionalInt.of(2), new Constraint.UnitInterval().firstViolation(values));
        assertEquals(OptionalInt.of(3), new Constraint.GreaterThan(-1.5).firstViolation(values));
        assertEquals(OptionalInt.of(2), new Constraint.Interval(0.0, 0.5).firstViolation(values));
        assertTrue(new Constraint.Interval(0.0, 0.5).isSatisfiedBy(Tensor.vector(0.0, 0.5)), "interval is closed");
    }

    @Test
    void simplexChecksEachRowWithTorchsTolerance() {
        var simplex = new Constraint.Simplex();
        assertTrue(simplex.isSatisfiedBy(Tensor.matrix(new double[][] {{0.2, 0.8}, {1.0, 5e-7}})));
        assertEquals(OptionalInt.of(2), simplex.firstViolation(Tensor.matrix(new double[][] {{0.2, 0.8}, {0.5, 0.49}})));
        assertEquals(OptionalInt.of(0), simplex.firstViolation(Tensor.vector(1.5, -0.5)));
        assertThrows(IllegalArgumentException.class, () -> simplex.firstViolation(Tensor.scalar(1.0)));
    }

    @Test
    void lowerCholeskyNeedsZerosAboveAndAPositiveDiagonal() {
        var cholesky = new Constraint.LowerCholesky();
        assertTrue(cholesky.isSatisfiedBy(Tensor.matrix(new double[][] {{2, 0}, {-3, 0.5}})));
        assertFalse(cholesky.isSatisfiedBy(Tensor.matrix(new double[][] {{2, 0.1}, {-3, 0.5}})));
        assertFalse(cholesky.isSatisfiedBy(Tensor.matrix(new double[][] {{2, 0}, {-3, 0}})));
        assertFalse(cholesky.isSatisfiedBy(Tensor.matrix(new double[][] {{2, 0, 0}, {1, 1, 0}})), "not square");
    }
}
