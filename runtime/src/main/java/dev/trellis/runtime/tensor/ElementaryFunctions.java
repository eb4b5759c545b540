package dev.trellis.runtime.tensor;

/**
 * {@code tanh}, {@code log1p} and {@code expm1} from the JIT's intrinsic {@code Math.exp} and {@code Math.log}.
 *
 * <p>On JDK 17 {@code Math.tanh}, {@code Math.log1p} and {@code Math.expm1} are native calls into fdlibm (a JNI
 * transition per element), and a recurrent network's activations make millions of them per step. These use Kahan's
 * identities instead: with {@code u = 1 + x} rounded, {@code log1p(x) = log(u) x / (u - 1)} (the rounding of
 * {@code u} cancels between the two factors); with {@code u = exp(x)} rounded, {@code expm1(x) = (u - 1) x / log(u)};
 * and {@code tanh(x) = -expm1(-2|x|) / (expm1(-2|x|) + 2)} with the sign of x, where the denominator lies in
 * [1, 2] so nothing cancels ({@code 1 - 2 / (exp(2|x|) + 1)} from |x| = 0.55, where tanh is above 1/2). Each
 * result is within a few ulps of fdlibm's (the tests allow 5; 2 million samples showed at most 4 for tanh, 2 for
 * the others); the edges are those of {@code StrictMath}: {@code log1p(-1) = -inf},
 * {@code log1p(x < -1) = NaN}, {@code tanh(+-inf) = +-1}, {@code tanh(-0.0) = -0.0}, NaN in, NaN out.
 *
 * <p>Static functions without state, so thread-safe.
 */
public final class ElementaryFunctions {

    /** Below this, {@code tanh(x)} rounds to x itself (its next term is x^3/3). */
    private static final double TINY = 0x1p-28;
    /** Above this, {@code tanh(x)} rounds to 1 (1 - tanh(22) is below 2^-63). */
    private static final double TANH_SATURATES = 22;

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
        if (a >= 0.55) {
            // tanh(a) >= 0.5: 1 - 2 / (e^2a + 1) loses nothing to cancellation, and needs no log
            return Math.copySign(1 - 2 / (Math.exp(2 * a) + 1), x);
        }
        double t = expm1(-2 * a);   // in (-1, 0)
        return Math.copySign(-t / (t + 2), x);
    }
}
