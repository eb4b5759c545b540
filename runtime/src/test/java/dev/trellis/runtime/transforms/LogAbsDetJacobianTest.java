package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bijective transform's {@code logAbsDetJacobian} equals {@code log |det|} of its Jacobian taken by finite
 * differences ({@link NumericalJacobian}), at ordinary (non-saturating) points: element by element for the
 * element-wise transforms, and over {@code y[0:K-1]} for stick-breaking, as torch defines it.
 */
class LogAbsDetJacobianTest {

    /**
     * The Richardson-extrapolated differences agree to better than 1e-11 at these seeded points (the test passes at
     * 1e-11); 1e-9, the project's golden tolerance, keeps a factor 100 of room. (It was 1e-7, which would have let a
     * term of relative size 1e-8 through.)
     */
    private static final double TOLERANCE = 1e-9;

    private final Random random = new Random(7);

    static Stream<Arguments> elementwise() {
        return Stream.of(
                Arguments.of(new ExpTransform()),
                Arguments.of(new SigmoidTransform()),
                Arguments.of(new SoftplusTransform()),
                Arguments.of(new AffineTransform(1.5, -2.5)),
                Arguments.of(new AffineTransform(Tensor.vector(0, 1, -1, 2, 3), Tensor.vector(0.5, -3, 2, 1, 7))),
                Arguments.of(new ComposeTransform()),
                Arguments.of(new ComposeTransform(new ExpTransform(), new AffineTransform(1, 1))),
                Arguments.of(new ComposeTransform(new SigmoidTransform(), new AffineTransform(-2, 5))),
                Arguments.of(new ComposeTransform(new AffineTransform(0.3, 2), new SigmoidTransform(),
                        new AffineTransform(-1, -4), new ExpTransform())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void elementwiseLogDeterminantIsTheLogOfEachDerivative(Transform transform) {
        double[] x = uniform(5, -4, 4);
        double[][] jacobian = NumericalJacobian.of(v -> transform.forward(Tensor.vector(v)).toArray(), x);
        double[] logDet = transform.logAbsDetJacobian(Tensor.vector(x), transform.forward(Tensor.vector(x)))
                .toArray();
        assertEquals(x.length, logDet.length, "one value per element, not summed");
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (i != j) {
                    assertEquals(0, jacobian[i][j], TOLERANCE, "element-wise: y_" + i + " must not depend on x_" + j);
                }
            }
            assertClose(Math.log(Math.abs(jacobian[i][i])), logDet[i], transform + " at x = " + x[i]);
        }
    }

    @Test
    void stickBreakingLogDeterminantIsOverTheFirstKMinusOneOutputs() {
        StickBreakingTransform transform = new StickBreakingTransform();
        for (int length = 1; length <= 5; length++) {
            for (int trial = 0; trial < 3; trial++) {
                double[] x = uniform(length, -3, 3);
                assertClose(logDetOfLeadingOutputs(transform, x),
                        transform.logAbsDetJacobian(Tensor.vector(x), transform.forward(Tensor.vector(x))).item(),
                        "stick-breaking at " + Arrays.toString(x));
            }
        }
    }

    @Test
    void stickBreakingGivesOneLogDeterminantPerBatchRow() {
        StickBreakingTransform transform = new StickBreakingTransform();
        double[] rows = uniform(6, -2, 2);
        Tensor x = Tensor.of(rows, 2, 3);
        Tensor logDet = transform.logAbsDetJacobian(x, transform.forward(x));
        assertArrayEquals(new int[] {2}, logDet.shape());
        for (int r = 0; r < 2; r++) {
            double[] row = Arrays.copyOfRange(rows, 3 * r, 3 * r + 3);
            assertClose(logDetOfLeadingOutputs(transform, row), logDet.get(r), "row " + r);
        }
    }

    /**
     * An element-wise part before stick-breaking: the composite's event is a vector, so torch sums the affine
     * part's log-determinant over it ({@code _sum_rightmost}) before adding stick-breaking's.
     */
    @Test
    void composeSumsElementwisePartsOverALargerEvent() {
        Transform transform = new ComposeTransform(
                new AffineTransform(Tensor.scalar(0.5), Tensor.vector(2, -0.5, 3)), new StickBreakingTransform());
        assertEquals(1, transform.domainEventDim());
        assertEquals(1, transform.codomainEventDim());
        double[] x = uniform(3, -1, 1);
        double numeric = logDetOfLeadingOutputs(transform, x);
        Tensor logDet = transform.logAbsDetJacobian(Tensor.vector(x), transform.forward(Tensor.vector(x)));
        assertArrayEquals(new int[0], logDet.shape(), "one scalar per vector");
        assertClose(numeric, logDet.item(), "affine then stick-breaking");
    }

    /** torch's event-dim bookkeeping: an element-wise part after a vector part acts on that vector event too. */
    @Test
    void composeEventDimIsTheLargestAnyPartNeeds() {
        Transform vectorThenElementwise = new ComposeTransform(new StickBreakingTransform(), new ExpTransform());
        assertEquals(1, vectorThenElementwise.domainEventDim());
        assertEquals(1, vectorThenElementwise.codomainEventDim());
        Transform matrixPart = new ComposeTransform(new ExpTransform(), new LowerCholeskyTransform());
        assertEquals(2, matrixPart.domainEventDim());
        assertEquals(2, matrixPart.codomainEventDim());
    }

    private static double logDetOfLeadingOutputs(Transform transform, double[] x) {
        double[][] jacobian = NumericalJacobian.of(
                v -> Arrays.copyOf(transform.forward(Tensor.vector(v)).toArray(), v.length), x);
        return NumericalJacobian.logAbsDet(jacobian);
    }

    private double[] uniform(int n, double low, double high) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return values;
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }
}
