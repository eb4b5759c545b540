package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class UnitLowerCholeskyTransformTest {

    private static final Tensor X = Tensor.matrix(new double[][] {{5, 7, 9}, {0.3, -2, 8}, {-1.5, 0.4, 3}});

    @Test
    void forwardKeepsTheStrictlyLowerPartAndPutsOnesOnTheDiagonal() {
        Tensor y = new UnitLowerCholeskyTransform().forward(X);
        assertArrayEquals(new double[] {1, 0, 0, 0.3, 1, 0, -1.5, 0.4, 1}, y.toArray(), 0.0);
        assertTrue(new Constraint.UnitLowerCholesky().isSatisfiedBy(y));
        assertFalse(new Constraint.UnitLowerCholesky().isSatisfiedBy(X));
        assertFalse(new Constraint.UnitLowerCholesky().isSatisfiedBy(Tensor.eye(3).mul(2)), "diagonal 2");
    }

    @Test
    void theInverseIsTheIdentityAsPyros() {
        Tensor y = new UnitLowerCholeskyTransform().forward(X);
        assertSame(y, new UnitLowerCholeskyTransform().inverse(y));
        assertArrayEquals(y.toArray(), new UnitLowerCholeskyTransform().forward(y).toArray(), 0.0, "a round trip");
    }

    @Test
    void onlyTheStrictlyLowerEntriesGetGradient() {
        Tensor leaf = Tensor.variable(X);
        Tensor y = new UnitLowerCholeskyTransform().forward(leaf);
        double[] gradient = Autodiff.gradients(y.mul(Tensor.arange(9).reshape(3, 3)).sum()).of(leaf).toArray();
        assertArrayEquals(new double[] {0, 0, 0, 3, 0, 0, 6, 7, 0}, gradient, 0.0);
    }

    @Test
    void transformToHasItAndBijectToDoesNotAsInPyro() {
        Constraint unit = Constraint.parse("unit_lower_cholesky");
        assertEquals(new Constraint.UnitLowerCholesky(), unit);
        assertEquals("unit_lower_cholesky", unit.spec());
        assertEquals(2, unit.eventDim());
        assertEquals(new UnitLowerCholeskyTransform(), ConstraintTransforms.transformTo(unit));
        assertThrows(UnsupportedOperationException.class, () -> ConstraintTransforms.bijectTo(unit));
        assertThrows(UnsupportedOperationException.class,
                () -> new UnitLowerCholeskyTransform().logAbsDetJacobian(X, X));
    }
}
