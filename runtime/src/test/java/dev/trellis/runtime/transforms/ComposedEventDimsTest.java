package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A composition of transforms of different event ranks (torch's {@code ComposeTransform}): its event ranks grow to
 * the largest a part needs, an elementwise part's log-determinant is summed over the event the composition reads,
 * and the event-shaped transforms refuse inputs without their event. A user's own transform may change the event's
 * rank (torch's {@code ReshapeTransform}; {@link Flatten} here), and compositions with it count ranks as torch does.
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

        // the last part reads the y it is given, as torch's does (stick-breaking's term uses y), not forward(x)
        Tensor other = Tensor.matrix(new double[][] {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}, {0.25, 0.25, 0.5}});
        double[] atOther = stick.logAbsDetJacobian(middle, other).toArray();
        for (int r = 0; r < 3; r++) {
            atOther[r] += 2 * Math.log(2.0);
        }
        assertArrayEquals(atOther, composed.logAbsDetJacobian(X, other).toArray(), 1e-14);
        assertFalse(Arrays.equals(expected, atOther), "the given y must change the answer for this check to bite");
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

    @Test
    void aPartThatFlattensTheEventMakesTheCompositionReadMatricesAndWriteVectors() {
        ComposeTransform flattenThenExp = new ComposeTransform(new Flatten(2, 2), new ExpTransform());
        assertEquals(2, flattenThenExp.domainEventDim(), "the flattening part reads matrices");
        assertEquals(1, flattenThenExp.codomainEventDim(), "and writes vectors, which exp keeps");
        Tensor x = Tensor.of(new double[] {0.3, -0.4, 1.1, 0.2, -0.7, 0.5, 0.9, -1.3}, 2, 2, 2);
        Tensor y = flattenThenExp.forward(x);
        assertArrayEquals(new int[] {2, 4}, y.shape());
        assertArrayEquals(new int[] {2, 4}, flattenThenExp.forwardShape(new int[] {2, 2, 2}));
        assertArrayEquals(new int[] {2, 2, 2}, flattenThenExp.inverseShape(new int[] {2, 4}));
        // exp's log-determinant, x itself, summed over each matrix; flattening adds nothing
        assertArrayEquals(new double[] {0.3 - 0.4 + 1.1 + 0.2, -0.7 + 0.5 + 0.9 - 1.3},
                flattenThenExp.logAbsDetJacobian(x, y).toArray(), 1e-15);
        assertArrayEquals(x.toArray(), flattenThenExp.inverse(y).toArray(), 1e-15);
    }

    @Test
    void aPartThatUnflattensTheEventMakesTheCompositionReadVectorsAndWriteMatrices() {
        ComposeTransform expThenUnflatten = new ComposeTransform(new ExpTransform(), new Flatten(2, 2).reversed());
        assertEquals(1, expThenUnflatten.domainEventDim());
        assertEquals(2, expThenUnflatten.codomainEventDim());
        Tensor x = Tensor.of(new double[] {0.3, -0.4, 1.1, 0.2, -0.7, 0.5, 0.9, -1.3}, 2, 4);
        Tensor y = expThenUnflatten.forward(x);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {0.3 - 0.4 + 1.1 + 0.2, -0.7 + 0.5 + 0.9 - 1.3},
                expThenUnflatten.logAbsDetJacobian(x, y).toArray(), 1e-15);

        // there and back: vectors to matrices to vectors; exp's terms are summed over the vectors it acts on
        ComposeTransform roundTrip = new ComposeTransform(new ExpTransform(), new Flatten(2, 2).reversed(),
                new Flatten(2, 2));
        assertEquals(1, roundTrip.domainEventDim());
        assertEquals(1, roundTrip.codomainEventDim());
        assertArrayEquals(new double[] {0.3 - 0.4 + 1.1 + 0.2, -0.7 + 0.5 + 0.9 - 1.3},
                roundTrip.logAbsDetJacobian(x, roundTrip.forward(x)).toArray(), 1e-15);
        // matrices in, through vectors, matrices out: the event stays two-dimensional at both ends
        ComposeTransform throughVectors = new ComposeTransform(new Flatten(2, 2), new ExpTransform(),
                new Flatten(2, 2).reversed());
        assertEquals(2, throughVectors.domainEventDim());
        assertEquals(2, throughVectors.codomainEventDim());
        Tensor matrices = x.reshape(2, 2, 2);
        assertArrayEquals(new double[] {0.3 - 0.4 + 1.1 + 0.2, -0.7 + 0.5 + 0.9 - 1.3},
                throughVectors.logAbsDetJacobian(matrices, throughVectors.forward(matrices)).toArray(), 1e-15);
    }

    /**
     * A user's transform between {@code [rows, columns]} matrices and vectors of their entries, row by row: torch's
     * {@code ReshapeTransform((rows, columns), (rows * columns,))}, or its inverse when {@code reversed()}.
     */
    private record Flatten(int rows, int columns, boolean flattens) implements Transform {

        Flatten(int rows, int columns) {
            this(rows, columns, true);
        }

        Flatten reversed() {
            return new Flatten(rows, columns, !flattens);
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.reshape(flattens ? flat(x.shape()) : square(x.shape()));
        }

        @Override
        public Tensor inverse(Tensor y) {
            return y.reshape(flattens ? square(y.shape()) : flat(y.shape()));
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
            int[] shape = x.shape();
            return Tensor.zeros(Arrays.copyOf(shape, shape.length - domainEventDim()));
        }

        @Override
        public int domainEventDim() {
            return flattens ? 2 : 1;
        }

        @Override
        public int codomainEventDim() {
            return flattens ? 1 : 2;
        }

        @Override
        public boolean isBijective() {
            return true;
        }

        @Override
        public int[] forwardShape(int[] shape) {
            return flattens ? flat(shape) : square(shape);
        }

        @Override
        public int[] inverseShape(int[] shape) {
            return flattens ? square(shape) : flat(shape);
        }

        private int[] flat(int[] matrices) {
            int[] shape = Arrays.copyOf(matrices, matrices.length - 1);
            shape[shape.length - 1] = rows * columns;
            return shape;
        }

        private int[] square(int[] vectors) {
            int[] shape = Arrays.copyOf(vectors, vectors.length + 1);
            shape[shape.length - 2] = rows;
            shape[shape.length - 1] = columns;
            return shape;
        }
    }
}
