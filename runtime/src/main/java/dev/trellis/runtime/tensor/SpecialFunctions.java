package dev.trellis.runtime.tensor;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;

/**
 * The log-gamma function and its first two derivatives on doubles, with torch's values at the poles.
 *
 * <p>The series and recurrences come from Apache Commons Numbers ({@code commons-numbers-gamma}); this class
 * only routes arguments to where that library is accurate and fixes the values at the poles and infinities:
 * <ul>
 *   <li>{@code LogGamma} is accurate to about one ulp everywhere, negative arguments included, but answers NaN
 *       at the poles, where torch's {@code lgamma} gives {@code +inf}.
 *   <li>{@code Digamma} and {@code Trigamma} switch to a leading-order approximation for {@code 0 < x <= 1e-5}
 *       (resp. {@code 1e-4}) that is only good to about {@code 1.6 x} relative; the exact recurrences
 *       {@code psi(x) = psi(x + 1) - 1/x} and {@code psi'(x) = psi'(x + 1) + 1/x^2} avoid it.
 *   <li>For negative arguments {@code Digamma} reflects with {@code tan(pi x)}, which loses digits as |x| grows
 *       (8e-9 relative at x = -8e4); reflecting with the exact fractional part of x, as torch does, keeps them.
 * </ul>
 * The library's trigamma carries a sign slip in the {@code 1/(42 x^7)} term of its asymptotic series, a
 * relative error of at most about 3.4e-12 near x = 49 and smaller elsewhere; it only feeds the gradient of
 * digamma, so it is left as it is.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class SpecialFunctions {

    private SpecialFunctions() {
    }

    /**
     * Returns {@code log |Gamma(x)|}, as torch's {@code lgamma}.
     *
     * @param x any double
     * @return {@code +inf} at 0, at the negative integers and at {@code +-inf}; NaN for NaN
     */
    public static double lgamma(double x) {
        if (isPole(x) || Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        return LogGamma.value(x);
    }

    /**
     * Returns the digamma function {@code psi(x) = d/dx log Gamma(x)}, as torch's {@code digamma}.
     *
     * @param x any double
     * @return {@code -inf} at {@code +0}, {@code +inf} at {@code -0}, NaN at the negative integers, at
     *     {@code -inf} and for NaN, {@code +inf} at {@code +inf}
     */
    public static double digamma(double x) {
        if (x == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, -x);
        }
        if (x < 0) {
            if (isPole(x)) {
                return Double.NaN;
            }
            // Reflection psi(x) = psi(1 - x) - pi cot(pi x), with cot taken of the exact fractional part.
            double fraction = x - Math.rint(x);
            return Digamma.value(1 - x) - Math.PI / Math.tan(Math.PI * fraction);
        }
        if (x < 1) {
            return Digamma.value(x + 1) - 1 / x;
        }
        return Digamma.value(x);
    }

    /**
     * Returns the trigamma function {@code psi'(x) = d^2/dx^2 log Gamma(x)}.
     *
     * @param x any double
     * @return {@code +inf} at 0 and at the negative integers (double poles), 0 at {@code +inf}, NaN at
     *     {@code -inf} and for NaN
     */
    public static double trigamma(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (x <= 0) {
            if (x == Double.NEGATIVE_INFINITY) {
                return Double.NaN;
            }
            if (isPole(x)) {
                return Double.POSITIVE_INFINITY;
            }
            // Reflection psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x), again on the exact fractional part.
            double fraction = x - Math.rint(x);
            double piOverSin = Math.PI / Math.sin(Math.PI * fraction);
            return piOverSin * piOverSin - Trigamma.value(1 - x);
        }
        if (x < 1) {
            return Trigamma.value(x + 1) + 1 / (x * x);
        }
        return Trigamma.value(x);
    }

    /** True at 0 and the negative integers, where Gamma has its poles ({@code -inf} excluded). */
    private static boolean isPole(double x) {
        return x <= 0 && x == Math.rint(x) && !Double.isInfinite(x);
    }
}
