package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.junit.jupiter.api.Test;

/** The implicit reparameterisation gradient of standard gamma draws: exact values, inverse-CDF slopes, unbiasedness. */
class ImplicitGammaGradientTest {

    /**
     * {a, x, dx/da} from a 250-digit mpmath sum of {@code -sum_n r_n (ln x - psi(a+n+1))}, at gamma quantiles from
     * 1e-12 to upper-tail probability 1e-100 (a subset of the 93 points quoted in {@link ImplicitGammaGradient}).
     */
    private static final double[][] MPMATH = {
        {0.001, 7.042315131777491e-156, 2.5118231412598625865e-150},
        {0.01, 1.8309524563808733e-16, 6.5320400197722233597e-13},
        {0.1, 3.5860860184109674e-06, 0.00043444487946820628101},
        {0.5, 7.853981633978593e-13, 4.3839473382067824433e-11},
        {0.5, 226.97154111939946, 7.3765326569015247295},
        {1.0, 13.815510557964274, 3.2707800149438398508},
        {2.5, 3.03221499207745, 1.1753336492946020288},
        {10.0, 8.13292824250639, 0.91533138872347709725},
        {100.0, 59.43632069812289, 0.76358291054741930963},
        {100.0, 483.2195302225619, 1.9894348849133001371},
        {10000.0, 10482.561164638855, 1.0237661124443418689},
        {1000000.0, 1000524.1587467301, 1.0002622003053174344},
    };

    @Test
    void matchesAHighPrecisionReferenceFromTheLowerTailToTheFarUpperTail() {
        for (double[] row : MPMATH) {
            double got = ImplicitGammaGradient.dxda(row[0], row[1]);
            assertEquals(row[2], got, 1e-13 * row[2], "dx/da at a = " + row[0] + ", x = " + row[1]);
        }
    }

    @Test
    void isTheSlopeOfTheInverseCdfAtTheDrawsQuantile() {
        // For each draw x, hold its quantile u = P(a, x) fixed and differentiate x(a) = P^-1(u; a) by a five-point
        // difference with h = 1e-4 a. The inverse is bisection on RegularizedGamma (Q in the upper half, so that u
        // near 1 keeps its digits); its ~1e-15 relative error divided by h bounds the difference's error near 1e-10.
        Rng rng = Rng.seeded(3);
        for (double a : new double[] {0.1, 0.8, 1, 3, 50}) {
            for (int i = 0; i < 5; i++) {
                double x = StandardGamma.draw(a, rng);
                boolean upper = RegularizedGamma.P.value(a, x) > 0.5;
                double level = upper ? RegularizedGamma.Q.value(a, x) : RegularizedGamma.P.value(a, x);
                double h = 1e-4 * a;
                double slope = (-inverse(a + 2 * h, level, upper) + 8 * inverse(a + h, level, upper)
                        - 8 * inverse(a - h, level, upper) + inverse(a - 2 * h, level, upper)) / (12 * h);
                assertEquals(slope, ImplicitGammaGradient.dxda(a, x), 1e-7 * Math.abs(slope),
                        "dx/da at a = " + a + ", x = " + x);
            }
        }
    }

    @Test
    void isUnbiasedForTheDerivativeOfTheMean() {
        // E[x] = a for x ~ Gamma(a, 1), so E[dx/da] = 1. The backward pass of rsample gives each draw's dx/da; their
        // mean is within 5 standard errors (estimated from the same draws) of 1.
        int n = 20000;
        for (double a : new double[] {0.3, 2.5, 40}) {
            Tensor alpha = Tensor.variable(Tensor.full(a, n));
            Tensor draws = StandardGamma.rsample(alpha, Rng.seeded(17));
            double[] slopes = Autodiff.gradients(draws.sum()).of(alpha).toArray();
            double mean = 0;
            double square = 0;
            for (double s : slopes) {
                mean += s / n;
                square += s * s / n;
            }
            double standardError = Math.sqrt((square - mean * mean) / n);
            assertTrue(Math.abs(mean - 1) < 5 * standardError, "E[dx/da] at a = " + a + ": " + mean + " +- "
                    + standardError);
        }
    }

    @Test
    void logMinusDigammaKeepsItsDigitsOnBothSidesOfTheSwitchToTheAsymptoticSeries() {
        // 30-digit mpmath values of ln m - psi(m). At m = 16 the series is good to 2e-15; subtracting digamma from
        // the logarithm (m < 16) loses about eps ln m absolute, 2e-14 relative at m = 16 and less at m = 8.
        assertEquals(0.0315753939123208692822, ImplicitGammaGradient.logMinusDigamma(16), 3e-15 * 0.0316);
        assertEquals(0.0638000637242259317154, ImplicitGammaGradient.logMinusDigamma(8), 2e-14 * 0.0638);
    }

    /** P^-1(level; a) (or Q^-1) by bisection in log x, to the last bit. */
    private static double inverse(double a, double level, boolean upper) {
        double lo = -750;
        double hi = Math.log(a + 100 * Math.sqrt(a) + 800);
        for (int i = 0; i < 200 && lo < hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            double x = Math.exp(mid);
            boolean below = upper ? RegularizedGamma.Q.value(a, x) > level : RegularizedGamma.P.value(a, x) < level;
            if (below) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }
}
