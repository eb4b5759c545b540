package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code inverse(forward(x)) = x} at non-saturating points for the bijective transforms (and the weaker
 * pseudo-inverse property for the others), the shape maps, and the shape errors.
 */
class RoundTripAndShapeTest {

    private static final double TOLERANCE = 1e-12;

    private final Random random = new Random(3);

    static Stream<Arguments> bijective() {
        return Stream.of(
                Arguments.of(new ExpTransform(), new int[] {2, 3}),
                Arguments.of(new SigmoidTransform(), new int[] {2, 3}),
                Arguments.of(new SoftplusTransform(), new int[] {2, 3}),
                Arguments.of(new AffineTransform(1.5, -2.5), new int[] {4}),
                Arguments.of(new ComposeTransform(), new int[] {3}),
                Arguments.of(new ComposeTransform(new ExpTransform(), new AffineTransform(1, 1)), new int[] {4}),
                Arguments.of(new ComposeTransform(new SigmoidTransform(), new AffineTransform(-2, 5)), new int[] {4}),
                Arguments.of(new StickBreakingTransform(), new int[] {5}),
                Arguments.of(new StickBreakingTransform(), new int[] {3, 2}),
                Arguments.of(new StickBreakingTransform(), new int[] {2, 2, 1}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bijective")
    void inverseUndoesForwardAwayFromSaturation(Transform transform, int[] shape) {
        Tensor x = uniform(shape);
        Tensor y = transform.forward(x);
        assertArrayEquals(transform.forwardShape(shape), y.shape(), "forwardShape");
        assertArrayEquals(shape, transform.inverseShape(y.shape()), "inverseShape");
        assertClose(x, transform.inverse(y));
    }

    /** Softmax loses the shift of x and lower-Cholesky the upper triangle; torch's pseudo-inverse is exact on y. */
    @Test
    void pseudoInversesRecoverTheOutput() {
        Tensor logits = uniform(2, 4);
        SoftmaxTransform softmax = new SoftmaxTransform();
        Tensor simplex = softmax.forward(logits);
        assertClose(simplex, softmax.forward(softmax.inverse(simplex)));
        assertClose(logits.sub(logits.logSumExp(-1, true)), softmax.inverse(simplex));

        LowerCholeskyTransform cholesky = new LowerCholeskyTransform();
        Tensor factor = cholesky.forward(uniform(2, 3, 3));
        assertClose(factor, cholesky.forward(cholesky.inverse(factor)));
        assertEquals(0.0, factor.get(1, 0, 2), "the upper triangle is discarded");
    }

    @Test
    void stickBreakingMapsKMinusOneRealsToKWeights() {
        StickBreakingTransform transform = new StickBreakingTransform();
        assertArrayEquals(new int[] {4}, transform.forwardShape(new int[] {3}));
        assertArrayEquals(new int[] {7, 2, 4}, transform.forwardShape(new int[] {7, 2, 3}));
        assertArrayEquals(new int[] {7, 2, 3}, transform.inverseShape(new int[] {7, 2, 4}));
        assertArrayEquals(new int[] {1}, transform.forwardShape(new int[] {0}));
        assertEquals(Tensor.vector(1.0), transform.forward(Tensor.zeros(0)), "no reals: the one-point simplex");
        Tensor uniformWeights = transform.forward(Tensor.zeros(3));
        assertClose(Tensor.full(0.25, 4), uniformWeights);
    }

    @Test
    void composeChainsTheShapeMapsOfItsParts() {
        Transform transform = new ComposeTransform(new AffineTransform(Tensor.scalar(0), Tensor.vector(1, 2)),
                new StickBreakingTransform());
        assertArrayEquals(new int[] {5, 3}, transform.forwardShape(new int[] {5, 1}));
        assertArrayEquals(new int[] {5, 2}, transform.inverseShape(new int[] {5, 3}));
        assertArrayEquals(new int[] {4, 2}, new AffineTransform(Tensor.vector(1, 2), Tensor.scalar(3))
                .forwardShape(new int[] {4, 1}));
    }

    @Test
    void tooFewDimensionsAreReportedWithTheTransformAndShape() {
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> new StickBreakingTransform().forward(Tensor.scalar(1)));
        assertEquals("StickBreakingTransform needs an input with at least 1 dimension (its event), got shape []",
                scalar.getMessage());
        IllegalArgumentException notSquare = assertThrows(IllegalArgumentException.class,
                () -> new LowerCholeskyTransform().forward(Tensor.zeros(2, 3)));
        assertEquals("LowerCholeskyTransform needs an input whose last two dimensions are square matrices, got "
                + "shape [2, 3]", notSquare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxTransform().inverseShape(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new StickBreakingTransform().inverseShape(new int[] {0}));
    }

    private Tensor uniform(int... shape) {
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = -3 + 6 * random.nextDouble();
        }
        return Tensor.of(values, shape);
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOLERANCE * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }
}
