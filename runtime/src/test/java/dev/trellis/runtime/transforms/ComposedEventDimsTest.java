package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A composition of transforms of different event ranks (torch's {@code ComposeTransform}): its event ranks grow to
 * the largest a part needs, an elementwise part's log-determinant is summed over the event the composition reads,
 * and the event-shaped transforms refuse inputs without their event.
 */
class ComposedEventDimsTest {

    private static final Tensor X = Tensor.matrix(new double[][] {{0.3, -0.4}, {1.1, 0.2}, {-0.7, 0.5}});

    @Test
    void anElementwisePartBeforeAStickBreakingOneHasItsLogDeterminantSummedOverTheEvent() {
        Transform affine = new AffineTransform(0.5, 2.0);
        Transform stick = new StickBreakingTransform();
        ComposeTransform composed = new ComposeTransform(affine, stick);
        assertEquals(1, composed.domainEventDim());
        assertEquals(1, composed.codomainEventDim());
        Tensor y = composed.forward(X);
        assertArrayEquals(new int[] {3, 3}, y.shape());
        Tensor middle = affine.forward(X);
        double[] expected = stick.logAbsDetJacobian(middle, y).toArray();
        for (int r = 0; r < 3; r++) {
            expected[r] += 2 * Math.log(2.0);   // the affine part's log 2 on each of the row's two entries
        }
        assertArrayEquals(expected, composed.logAbsDetJacobian(X, y).toArray(), 1e-14);
        assertArrayEquals(new int[] {3, 3}, composed.forwardShape(new int[] {3, 2}));
        assertArrayEquals(new int[] {3, 2}, composed.inverseShape(new int[] {3, 3}));
        assertArrayEquals(X.toArray(), composed.inverse(y).toArray(), 1e-12);
    }

    @Test
    void theEventRanksOfAStickBreakingPartAfterAnElementwiseOneAndOfAnEmptyComposition() {
        ComposeTransform stickThenExp = new ComposeTransform(new StickBreakingTransform(), new ExpTransform());
        assertEquals(1, stickThenExp.domainEventDim());
        assertEquals(1, stickThenExp.codomainEventDim());
        ComposeTransform cholesky = new ComposeTransform(new ExpTransform(), new UnitLowerCholeskyTransform());
        assertEquals(2, cholesky.domainEventDim());
        assertEquals(2, cholesky.codomainEventDim());
        ComposeTransform none = new ComposeTransform();
        assertEquals(0, none.domainEventDim());
        assertEquals(0, none.codomainEventDim());
        assertTrue(none.isBijective());
        assertArrayEquals(new double[] {0, 0}, none.logAbsDetJacobian(Tensor.vector(1, 2), Tensor.vector(1, 2))
                .toArray());
    }

    @Test
    void aCompositionIsBijectiveOnlyWhenEveryPartIs() {
        assertTrue(new ComposeTransform(new ExpTransform(), new StickBreakingTransform()).isBijective());
        assertFalse(new ComposeTransform(new ExpTransform(), new SoftmaxTransform()).isBijective());
        assertFalse(new UnitLowerCholeskyTransform().isBijective(), "the diagonal and the upper part are lost");
        assertFalse(new ComposeTransform(new ExpTransform(), new UnitLowerCholeskyTransform()).isBijective());
    }

    @Test
    void eventShapedTransformsRefuseInputsWithoutTheirEvent() {
        Transform stick = new StickBreakingTransform();
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> stick.forward(Tensor.scalar(0.5)));
        assertTrue(scalar.getMessage().contains("at least 1 dimension"), scalar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stick.inverse(Tensor.scalar(1)));
        assertThrows(IllegalArgumentException.class, () -> stick.forwardShape(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> stick.inverseShape(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> stick.logAbsDetJacobian(Tensor.scalar(0.5),
                Tensor.vector(0.5, 0.5)));
        Transform unit = new UnitLowerCholeskyTransform();
        IllegalArgumentException oblong = assertThrows(IllegalArgumentException.class,
                () -> unit.forward(Tensor.zeros(2, 3)));
        assertTrue(oblong.getMessage().contains("square"), oblong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> unit.inverse(Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> unit.forwardShape(new int[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> unit.inverseShape(new int[] {3}));
        assertEquals(2, unit.domainEventDim());
        assertEquals(2, unit.codomainEventDim());
    }
}
