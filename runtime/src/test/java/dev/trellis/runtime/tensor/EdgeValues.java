package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.trellis.runtime.autodiff.Autodiff;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Assertions on values and gradients of operations at single points, for the edge-value tests. */
final class EdgeValues {

    static final double INF = Double.POSITIVE_INFINITY;
    static final double NAN = Double.NaN;

    private EdgeValues() {
    }

    /** Asserts {@code op(x)} and {@code d op(x) / dx} for a scalar x. */
    static void assertUnary(String what, UnaryOperator<Tensor> op, double x, double value, double gradient) {
        Tensor leaf = Tensor.variable(Tensor.scalar(x));
        Tensor y = op.apply(leaf);
        double slope = Autodiff.gradients(y).of(leaf).item();
        assertSame(what + "(" + x + ")", value, y.item());
        assertSame(what + "'(" + x + ")", gradient, slope);
    }

    /** Asserts {@code op(a, b)} and both partial derivatives for scalars a and b. */
    static void assertBinary(String what, BinaryOperator<Tensor> op, double a, double b, double value,
            double gradientA, double gradientB) {
        Tensor leafA = Tensor.variable(Tensor.scalar(a));
        Tensor leafB = Tensor.variable(Tensor.scalar(b));
        Tensor y = op.apply(leafA, leafB);
        var gradients = Autodiff.gradients(y);
        String at = "(" + a + ", " + b + ")";
        assertSame(what + at, value, y.item());
        assertSame("d" + what + "/da" + at, gradientA, gradients.of(leafA).item());
        assertSame("d" + what + "/db" + at, gradientB, gradients.of(leafB).item());
    }

    /**
     * Equal as values: NaN matches NaN, 0.0 matches -0.0, infinities match exactly, finite values to 1e-15
     * relative.
     */
    static void assertSame(String what, double expected, double actual) {
        boolean same = Double.isNaN(expected) ? Double.isNaN(actual)
                : expected == actual || Math.abs(actual - expected) <= 1e-15 * Math.abs(expected);
        if (!same) {
            fail(what + ": expected " + expected + " but got " + actual);
        }
    }
}
