package dev.trellis.runtime.tensor;

/**
 * {@code tanh}, {@code log1p} and {@code expm1} from the JIT's intrinsic {@code Math.exp} and {@code Math.log}.
 *
 * <p>On JDK 17 {@code Math.tanh}, {@code Math.log1p} and {@code Math.expm1} are native calls into fdlibm (a JNI
 * transition per element), and a recurrent network's activations make millions of them per step. These use Kahan's
 * identities instead: with {@code u = 1 + x} rounded, {@code log1p(x) = log(u) x / (u - 1)} (the rounding of
 * {@code u} cancels between the two factors); with {@code u = exp(x)} rounded, {@code expm1(x) = (u - 1) x / log(u)};
 * and {@code tanh(x) = 1 - 2 / (exp(2|x|) + 1)} with the sign of x from |x| = 0.55 on, where tanh is above 1/2 so
 * nothing cancels. Below 0.55, tanh is the polynomial {@code x + x^3 P(x^2)} (see {@link #tanh}): a recurrent
 * network's and a combiner's pre-activations are mostly there, and the polynomial costs a fifth of the
 * {@code exp}, {@code log} and division that {@code expm1} would. Each result is within a few ulps of fdlibm's (the
 * tests allow 5; 2 million samples showed at most 2 for tanh and the others); the edges are those of
 * {@code StrictMath}: {@code log1p(-1) = -inf},
 * {@code log1p(x < -1) = NaN}, {@code tanh(+-inf) = +-1}, {@code tanh(-0.0) = -0.0}, NaN in, NaN out.
 *
 * <p>Static functions without state, so thread-safe.
 */
public final class ElementaryFunctions {

    /** Below this, {@code tanh(x)} rounds to x itself (its next term is x^3/3). */
    private static final double TINY = 0x1p-28;
    /** Above this, {@code tanh(x)} rounds to 1 (1 - tanh(22) is below 2^-63). */
    private static final double TANH_SATURATES = 22;
    /** Below this, {@link #tanh} is a polynomial; from here on tanh is above 1/2 and {@code 1 - 2 / (e^2x + 1)}. */
    private static final double TANH_POLYNOMIAL_BELOW = 0.55;
    /**
     * {@code P(s)}, s = x^2 in [0, 0.3025], with {@code tanh(x) = x + x^3 P(x^2)}: the degree-11 polynomial through
     * {@code (tanh(sqrt s) / sqrt s - 1) / s} at the 12 Chebyshev nodes of [0, 0.3025], computed in 60-digit
     * arithmetic and rounded to doubles ({@code P0} the constant term). Evaluated by Horner in double precision it
     * is within 1 ulp of the correctly rounded tanh (2·10^5 arguments over (0, 0.55) at every scale from 1e-9;
     * 98.7% correctly rounded): its truncation error is far below an ulp, and the x^3 term is at most a tenth of the
     * result, so its rounding errors are too.
     */
    private static final double
            P0 = -0.3333333333333333,
            P1 = 0.1333333333333331,
            P2 = -0.05396825396822037,
            P3 = 0.021869488534073906,
            P4 = -0.0088632354631468,
            P5 = 0.0035921267699626346,
            P6 = -0.001455819097151351,
            P7 = 0.0005899052969492733,
            P8 = -0.0002384727248015252,
            P9 = 9.455133052924858e-05,
            P10 = -3.372080112046316e-05,
            P11 = 7.874274345344419e-06;

    private ElementaryFunctions() {
    }

    /**
     * {@return {@code log(1 + x)}, accurate for small x}
     *
     * @param x any double; below -1 the result is NaN
     */
    public static double log1p(double x) {
        double u = 1 + x;
        if (u == 1) {
            return x;   // also +-0.0, and every |x| below half an ulp of 1
        }
        if (u == Double.POSITIVE_INFINITY) {
            return u;   // only x = +inf: 1 + MAX_VALUE rounds to MAX_VALUE
        }
        // u = 0 at x = -1 gives -inf; u < 0 and NaN give NaN; x / (u - 1) is about 1, so nothing overflows
        return Math.log(u) * (x / (u - 1));
    }

    /**
     * {@return {@code exp(x) - 1}, accurate for small x}
     *
     * @param x any double
     */
    public static double expm1(double x) {
        double u = Math.exp(x);
        if (u == 1) {
            return x;   // |x| below about 2^-53: exp(x) - 1 = x to within half an ulp
        }
        double um1 = u - 1;
        if (um1 == -1 || u == Double.POSITIVE_INFINITY) {
            return um1;
        }
        return um1 * (x / Math.log(u));
    }

    /**
     * {@return the hyperbolic tangent}
     *
     * @param x any double
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        if (a < TINY) {
            return x;   // +-0.0 and NaN included
        }
        if (a > TANH_SATURATES) {
            return Math.copySign(1, x);
        }
        if (a >= TANH_POLYNOMIAL_BELOW) {
            // tanh(a) >= 0.5: 1 - 2 / (e^2a + 1) loses nothing to cancellation, and needs no log
            return Math.copySign(1 - 2 / (Math.exp(2 * a) + 1), x);
        }
        double s = x * x;
        double p = ((((((((((P11 * s + P10) * s + P9) * s + P8) * s + P7) * s + P6) * s + P5) * s + P4) * s + P3) * s
                + P2) * s + P1) * s + P0;
        return x + x * (s * p);   // odd, so the sign of x comes with it
    }
}
