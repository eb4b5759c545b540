package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values computed with mpmath at 40 digits ({@code loggamma}, {@code log|gamma|} for negative x,
 * {@code digamma}, {@code polygamma(1, x)}), rounded to the nearest double.
 */
class SpecialFunctionsTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double EULER_GAMMA = 0.5772156649015329;

    @Test
    void lgammaMatchesKnownValuesToAboutOneUlp() {
        assertRelative(Math.log(Math.sqrt(Math.PI)), SpecialFunctions.lgamma(0.5), 4e-16);
        double[][] table = {
            {1, 0}, {2, 0}, {3.7, 1.428072326665388}, {1e-10, 23.025850929882736},
            {1e-300, 690.7755278982137}, {171.5, 709.1431630309282}, {1e10, 220258509288.81058},
            {1e300, 6.897755278982137e+302}, {1e-5, 11.512919692895826},
            {0.9998407082638041, 9.196655620238727e-05},
            // negative non-integers: log |Gamma(x)|, as torch.lgamma
            {-0.5, 1.2655121234846454}, {-1.5, 0.860047015376481}, {-2.5, -0.056243716497674054},
            {-10.3, -14.457515440024208}, {-100.7, -365.61225576180533}, {-170.5, -707.9984331450788},
            {-1e-5, 11.512931237209125}, {-1e-300, 690.7755278982137},
        };
        for (double[] row : table) {
            assertRelative(row[1], SpecialFunctions.lgamma(row[0]), 2e-15, "lgamma(" + row[0] + ")");
        }
    }

    @Test
    void lgammaIsPositiveInfinityAtThePolesAndInfinities() {
        for (double pole : new double[] {0.0, -0.0, -1, -2, -170, -1e300, INF, -INF}) {
            assertEquals(INF, SpecialFunctions.lgamma(pole), "lgamma(" + pole + ")");
        }
        assertEquals(INF, SpecialFunctions.lgamma(Double.MAX_VALUE));
        assertTrue(Double.isNaN(SpecialFunctions.lgamma(Double.NaN)));
    }

    @Test
    void digammaMatchesKnownValues() {
        // The library sums the recurrence up to x = 49 before its series: a few ulps of the partial sums.
        assertRelative(-EULER_GAMMA, SpecialFunctions.digamma(1), 4e-15);
        assertRelative(-EULER_GAMMA - 2 * Math.log(2), SpecialFunctions.digamma(0.5), 4e-15);
        double[][] table = {
            {1e-10, -10000000000.577215}, {1e-5, -100000.57719921567}, {9.920928972989986e-06, -100797.58952778079},
            {3.7, 1.1671535393615113}, {49.144769999464664, 3.884561907231195}, {1e10, 23.025850929890456},
            {1e300, 690.7755278982137}, {1e-300, -9.999999999999999e+299},
            {-0.5, 0.03648997397857652}, {-1.5, 0.7031566406452432}, {-10.3, 4.662403493582087},
            {-82137.91430050482, -0.06920712195652308}, {-100000.5, 11.512935464924395},
            {-1e-5, 99999.42276788563},
        };
        for (double[] row : table) {
            // Near the roots of psi (1.4616..., one in each negative unit interval) the error is absolute.
            assertClose(row[1], SpecialFunctions.digamma(row[0]), 4e-15, 2e-15, "digamma(" + row[0] + ")");
        }
    }

    @Test
    void digammaFollowsTorchAtPolesAndInfinities() {
        assertEquals(-INF, SpecialFunctions.digamma(0.0));
        assertEquals(INF, SpecialFunctions.digamma(-0.0));
        assertEquals(INF, SpecialFunctions.digamma(INF));
        for (double nan : new double[] {-1, -2, -1e300, -INF, Double.NaN}) {
            assertTrue(Double.isNaN(SpecialFunctions.digamma(nan)), "digamma(" + nan + ")");
        }
    }

    @Test
    void trigammaMatchesKnownValues() {
        // The library's asymptotic series (used from x = 49 on, and reached from below by recurrence) has the
        // sign of its 1/(42 x^7) term flipped: about 7e-14 absolute below x = 50, at most 3.4e-12 relative.
        assertRelative(Math.PI * Math.PI / 6, SpecialFunctions.trigamma(1), 4e-12);
        assertRelative(Math.PI * Math.PI / 2, SpecialFunctions.trigamma(0.5), 4e-12);
        double[][] table = {
            {1e-5, 10000000001.644909}, {1e-4, 100000001.64469367}, {3.7, 0.3100378576700383},
            {1e10, 1.00000000005e-10}, {-0.5, 8.934802200544679}, {-1.5, 9.379246644989124},
            {-10.3, 14.986887065722637}, {-65907.53339010141, 9.978992181194336},
        };
        for (double[] row : table) {
            assertRelative(row[1], SpecialFunctions.trigamma(row[0]), 4e-12, "trigamma(" + row[0] + ")");
        }
        // The worst case of that slip, just above x = 49.
        assertRelative(0.02055647068939831, SpecialFunctions.trigamma(49.144769999464664), 4e-12);
    }

    @Test
    void trigammaIsPositiveInfinityAtThePolesAndZeroAtInfinity() {
        for (double pole : new double[] {0.0, -0.0, -1, -7, 1e-200}) {
            assertEquals(INF, SpecialFunctions.trigamma(pole), "trigamma(" + pole + ")");
        }
        assertEquals(0.0, SpecialFunctions.trigamma(INF));
        assertTrue(Double.isNaN(SpecialFunctions.trigamma(-INF)));
        assertTrue(Double.isNaN(SpecialFunctions.trigamma(Double.NaN)));
    }

    @Test
    void derivativesAgreeWithCentralDifferencesOfTheFunctionBelow() {
        for (double x : new double[] {-7.3, -0.4, 0.2, 1.7, 12.5, 300}) {
            double h = 1e-5 * Math.max(1, Math.abs(x));
            double lgammaSlope = (SpecialFunctions.lgamma(x + h) - SpecialFunctions.lgamma(x - h)) / (2 * h);
            double digammaSlope = (SpecialFunctions.digamma(x + h) - SpecialFunctions.digamma(x - h)) / (2 * h);
            assertRelative(SpecialFunctions.digamma(x), lgammaSlope, 1e-7, "digamma vs lgamma' at " + x);
            assertRelative(SpecialFunctions.trigamma(x), digammaSlope, 1e-7, "trigamma vs digamma' at " + x);
        }
    }

    private static void assertRelative(double expected, double actual, double tolerance) {
        assertRelative(expected, actual, tolerance, "");
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertClose(expected, actual, tolerance, 0, what);
    }

    private static void assertClose(double expected, double actual, double relative, double absolute, String what) {
        double error = expected == actual ? 0 : Math.abs(actual - expected);
        assertTrue(error <= relative * Math.abs(expected) + absolute, what + ": expected " + expected + " but got "
                + actual + " (error " + error + ", relative " + error / Math.abs(expected) + ")");
    }
}
