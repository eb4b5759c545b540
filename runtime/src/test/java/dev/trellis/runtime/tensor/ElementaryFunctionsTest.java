package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link ElementaryFunctions} against fdlibm's {@code StrictMath}, over every scale of argument and at the edges. */
class ElementaryFunctionsTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    @Test
    void tanh_is_within_five_ulps_of_strict_math_at_every_scale() {
        assertClose("tanh", ElementaryFunctions::tanh, StrictMath::tanh, arguments(-40, 40));
    }

    @Test
    void tanh_below_its_polynomials_bound_is_within_two_ulps_of_strict_math_and_odd() {
        // fdlibm is within 1 ulp of the true tanh and the polynomial within 1 ulp of its rounding
        double[] xs = arguments(-0.55, 0.55);
        for (double x : xs) {
            double expected = StrictMath.tanh(x);
            double actual = ElementaryFunctions.tanh(x);
            assertTrue(Math.abs(actual - expected) <= 2 * Math.ulp(expected), "tanh(" + x + ") = " + actual
                    + ", StrictMath " + expected);
            assertEquals(-actual, ElementaryFunctions.tanh(-x));
        }
        double belowBound = Math.nextDown(0.55);
        assertTrue(Math.abs(ElementaryFunctions.tanh(belowBound) - StrictMath.tanh(belowBound))
                <= 2 * Math.ulp(StrictMath.tanh(belowBound)));
    }

    @Test
    void log1p_is_within_five_ulps_of_strict_math_at_every_scale() {
        double[] positive = arguments(0, 1e300);
        double[] near = arguments(-1, 1);
        assertClose("log1p", ElementaryFunctions::log1p, StrictMath::log1p, positive);
        assertClose("log1p", ElementaryFunctions::log1p, StrictMath::log1p, near);
    }

    @Test
    void expm1_is_within_five_ulps_of_strict_math_at_every_scale() {
        assertClose("expm1", ElementaryFunctions::expm1, StrictMath::expm1, arguments(-800, 709));
    }

    @Test
    void edges_are_those_of_strict_math() {
        double[] edges = {0.0, -0.0, 1e-300, -1e-300, 0x1p-28, -0x1p-28, 0x1p-29, 0x1p-53, 0x1p-54, 22, -22, 22.5,
            -1, -1 + 1e-16, -2, 709.78, 710, -745, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, INF, -INF,
            NAN};
        for (double x : edges) {
            same("tanh", x, StrictMath.tanh(x), ElementaryFunctions.tanh(x));
            same("log1p", x, StrictMath.log1p(x), ElementaryFunctions.log1p(x));
            same("expm1", x, StrictMath.expm1(x), ElementaryFunctions.expm1(x));
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ElementaryFunctions.tanh(-0.0)));
        assertEquals(-INF, ElementaryFunctions.log1p(-1));
        assertTrue(Double.isNaN(ElementaryFunctions.log1p(-1.5)));
        assertEquals(1.0, ElementaryFunctions.tanh(INF));
        assertEquals(-1.0, ElementaryFunctions.tanh(-30));
    }

    /** Magnitudes spread log-uniformly from 1e-30 to the bound, both signs where the range has them, plus a grid. */
    private static double[] arguments(double low, double high) {
        SplittableRandom random = new SplittableRandom(11);
        double[] xs = new double[200_000];
        for (int i = 0; i < xs.length; i++) {
            double x;
            if (i % 2 == 0) {
                double bound = Math.max(Math.abs(low), Math.abs(high));
                double magnitude = Math.exp(random.nextDouble(Math.log(1e-30), Math.log(bound)));
                x = random.nextBoolean() ? magnitude : -magnitude;
            } else {
                x = random.nextDouble(low, high);
            }
            xs[i] = Math.min(high, Math.max(low, x));
        }
        return xs;
    }

    private static void assertClose(String name, DoubleUnaryOperator fast, DoubleUnaryOperator strict, double[] xs) {
        for (double x : xs) {
            double expected = strict.applyAsDouble(x);
            double actual = fast.applyAsDouble(x);
            if (Double.isInfinite(expected) || expected == 0) {
                same(name, x, expected, actual);
                continue;
            }
            double ulps = Math.abs(actual - expected) / Math.ulp(expected);
            assertTrue(ulps <= 5, name + "(" + x + ") = " + actual + ", StrictMath " + expected + ": " + ulps
                    + " ulps apart");
        }
    }

    private static void same(String name, double x, double expected, double actual) {
        boolean bothNaN = Double.isNaN(expected) && Double.isNaN(actual);
        assertTrue(bothNaN || actual == expected || Math.abs(actual - expected) <= 4 * Math.ulp(expected),
                name + "(" + x + ") = " + actual + ", StrictMath " + expected);
    }
}
