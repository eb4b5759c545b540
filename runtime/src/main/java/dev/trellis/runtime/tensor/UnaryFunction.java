package dev.trellis.runtime.tensor;

/**
 * The named elementwise functions of {@link Tensor}, each with its derivative, following torch's values at the
 * edges: {@code log(0) = -inf} with slope {@code +inf}, {@code exp(-inf) = 0} with slope 0,
 * {@code relu'(0) = abs'(0) = 0}, {@code sqrt'(0) = +inf}.
 *
 * <p>The logistic family is written so that no intermediate overflows: with {@code e = exp(-|x|)}, which lies
 * in [0, 1], {@code softplus(x) = max(x, 0) + log1p(e)} and {@code sigmoid'(x) = e / (1 + e)^2}, finite and
 * NaN-free for |x| up to infinity. Unlike torch's {@code softplus}, which returns x itself above x = 20, the
 * formula here is exact everywhere (the difference there is below 2.1e-9).
 */
enum UnaryFunction implements ElementwiseFunction {
    NEG("neg") {
        @Override public double value(double x) { return -x; }
        @Override public double derivative(double x, double y) { return -1; }
    },
    SQUARE("square") {
        @Override public double value(double x) { return x * x; }
        @Override public double derivative(double x, double y) { return 2 * x; }
    },
    SQRT("sqrt") {
        @Override public double value(double x) { return Math.sqrt(x); }
        @Override public double derivative(double x, double y) { return 0.5 / y; }
    },
    ABS("abs") {
        @Override public double value(double x) { return Math.abs(x); }
        @Override public double derivative(double x, double y) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
    },
    EXP("exp") {
        @Override public double value(double x) { return Math.exp(x); }
        @Override public double derivative(double x, double y) { return y; }
    },
    LOG("log") {
        @Override public double value(double x) { return Math.log(x); }
        @Override public double derivative(double x, double y) { return 1 / x; }
    },
    LOG1P("log1p") {
        @Override public double value(double x) { return ElementaryFunctions.log1p(x); }
        @Override public double derivative(double x, double y) { return 1 / (1 + x); }
    },
    EXPM1("expm1") {
        @Override public double value(double x) { return ElementaryFunctions.expm1(x); }
        @Override public double derivative(double x, double y) { return Math.exp(x); }
    },
    SIGMOID("sigmoid") {
        @Override public double value(double x) { return sigmoid(x); }
        @Override public double derivative(double x, double y) {
            double e = Math.exp(-Math.abs(x));
            return e / ((1 + e) * (1 + e));
        }
    },
    LOG_SIGMOID("logSigmoid") {
        // log sigmoid(x) = -softplus(-x)
        @Override public double value(double x) {
            return Math.min(x, 0) - ElementaryFunctions.log1p(Math.exp(-Math.abs(x)));
        }
        @Override public double derivative(double x, double y) { return sigmoid(-x); }
    },
    SOFTPLUS("softplus") {
        @Override public double value(double x) {
            return Math.max(x, 0) + ElementaryFunctions.log1p(Math.exp(-Math.abs(x)));
        }
        @Override public double derivative(double x, double y) { return sigmoid(x); }
    },
    TANH("tanh") {
        @Override public double value(double x) { return ElementaryFunctions.tanh(x); }
        @Override public double derivative(double x, double y) { return 1 - y * y; }
    },
    RELU("relu") {
        @Override public double value(double x) { return x > 0 ? x : x <= 0 ? 0 : x; }
        @Override public double derivative(double x, double y) { return x > 0 ? 1 : 0; }
    },
    LGAMMA("lgamma") {
        @Override public double value(double x) { return SpecialFunctions.lgamma(x); }
        @Override public double derivative(double x, double y) { return SpecialFunctions.digamma(x); }
    },
    DIGAMMA("digamma") {
        @Override public double value(double x) { return SpecialFunctions.digamma(x); }
        @Override public double derivative(double x, double y) { return SpecialFunctions.trigamma(x); }
    };

    private final String op;

    UnaryFunction(String op) {
        this.op = op;
    }

    /** {@return the operation's name, as the {@link Tensor} method} */
    String op() {
        return op;
    }

    /** The logistic function without overflow: {@code exp} is only ever taken of a non-positive number. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
