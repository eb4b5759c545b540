package dev.trellis.runtime.tensor;

/** The broadcasting arithmetic of {@link Tensor}: a value and the two partial derivatives, as torch's. */
enum BinaryFunction {
    ADD("add") {
        @Override double value(double x, double y) { return x + y; }
        @Override double dx(double x, double y, double z) { return 1; }
        @Override double dy(double x, double y, double z) { return 1; }
    },
    SUB("sub") {
        @Override double value(double x, double y) { return x - y; }
        @Override double dx(double x, double y, double z) { return 1; }
        @Override double dy(double x, double y, double z) { return -1; }
    },
    MUL("mul") {
        @Override double value(double x, double y) { return x * y; }
        @Override double dx(double x, double y, double z) { return y; }
        @Override double dy(double x, double y, double z) { return x; }
    },
    DIV("div") {
        @Override double value(double x, double y) { return x / y; }
        @Override double dx(double x, double y, double z) { return 1 / y; }
        // -x / y^2 written as -(x / y) / y: y^2 alone overflows or underflows long before the quotient does.
        @Override double dy(double x, double y, double z) { return -z / y; }
    },
    POW("pow") {
        @Override double value(double x, double y) { return Math.pow(x, y); }
        // torch: 0 when the exponent is 0, even at x = 0
        @Override double dx(double x, double y, double z) { return y == 0 ? 0 : y * Math.pow(x, y - 1); }
        // torch: 0 at x = 0 for exponents >= 0, where z log x would be 0 * -inf
        @Override double dy(double x, double y, double z) { return x == 0 && y >= 0 ? 0 : z * Math.log(x); }
    },
    XLOGY("xlogy") {
        // torch: 0 where x = 0 (unless y is NaN), so 0 log 0 = 0 is the density's limit, not NaN
        @Override double value(double x, double y) { return x == 0 && !Double.isNaN(y) ? 0 : x * Math.log(y); }
        // log y everywhere. torch returns 0 where x = 0 (xlogy(x != 0, y)), which would zero the gradient of
        // (alpha - 1) log v in alpha at alpha = 1, a common starting point; the true slope is log v.
        @Override double dx(double x, double y, double z) { return Math.log(y); }
        // x / y, and 0 where x = 0: the function is identically 0 along x = 0, so its slope in y is 0 there
        // (torch's x / y gives NaN at y = 0)
        @Override double dy(double x, double y, double z) { return x == 0 ? 0 : x / y; }
    };

    private final String op;

    BinaryFunction(String op) {
        this.op = op;
    }

    String op() {
        return op;
    }

    /** {@return z = f(x, y)} */
    abstract double value(double x, double y);

    /** {@return df/dx at (x, y), given also z = f(x, y)} */
    abstract double dx(double x, double y, double z);

    /** {@return df/dy at (x, y), given also z = f(x, y)} */
    abstract double dy(double x, double y, double z);
}
