package dev.trellis.runtime.inference;

/**
 * The two semirings of chain inference in log space, as in Pyro's {@code pyro/ops/rings.py}: "times" is
 * addition of logs for both, "plus" is log-sum-exp (sum-product: likelihoods, marginals) or max (max-product:
 * MAP). The reference passes are written once against this interface.
 */
enum LogSemiring {

    /** plus = log(exp(a) + exp(b)). */
    SUM_PRODUCT {
        @Override
        double plus(double a, double b) {
            if (a == Double.NEGATIVE_INFINITY) {
                return b;
            }
            if (b == Double.NEGATIVE_INFINITY) {
                return a;
            }
            double max = Math.max(a, b);
            return max + Math.log1p(Math.exp(-Math.abs(a - b)));
        }
    },

    /** plus = max(a, b). */
    MAX_PRODUCT {
        @Override
        double plus(double a, double b) {
            return Math.max(a, b);
        }
    };

    /** The identity of plus: log 0. */
    static final double ZERO = Double.NEGATIVE_INFINITY;

    /** The semiring's addition of two log values. */
    abstract double plus(double a, double b);

    /** The semiring's multiplication of two log values: log(exp(a) * exp(b)). */
    double times(double a, double b) {
        return a + b;
    }

    /** Folds {@link #plus} over all values. */
    double sum(double[] values) {
        double total = ZERO;
        for (double v : values) {
            total = plus(total, v);
        }
        return total;
    }
}
