package dev.trellis.runtime.tensor;

/**
 * {@code +}, {@code -}, {@code *} and {@code /} of two tensors of one shape, each with loops of its own.
 *
 * <p>{@link BinaryOps#apply} reaches every element through {@link BinaryFunction}'s virtual methods and the
 * broadcast offset maps; a model's many small same-shape operations (a deep Markov model's per-step arithmetic) spend
 * more time in those calls than in the arithmetic. These loops compute the same values, and add the same partials to
 * the adjoints (a NaN operand makes both partials NaN), with the operation known to the compiler.
 */
final class SameShapeArithmetic {

    private SameShapeArithmetic() {
    }

    /** {@return whether {@code function} has loops here} */
    static boolean covers(BinaryFunction function) {
        return switch (function) {
            case ADD, SUB, MUL, DIV -> true;
            default -> false;
        };
    }

    static Tensor apply(BinaryFunction function, Tensor a, Tensor b) {
        double[] x = a.values();
        double[] y = b.values();
        double[] z = new double[x.length];
        switch (function) {
            case ADD -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = x[i] + y[i];
                }
            }
            case SUB -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = x[i] - y[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = x[i] * y[i];
                }
            }
            case DIV -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = x[i] / y[i];
                }
            }
            default -> throw new IllegalArgumentException("no same-shape loops for " + function);
        }
        return Tensor.result(z, a.dims(), function.op(), new Tensor[] {a, b}, (g, adjoints) -> {
            double[] adjointA = adjoints[0];
            double[] adjointB = adjoints[1];
            if (adjointA != null) {
                addPartials(function, true, x, y, z, g, adjointA);
            }
            if (adjointB != null) {
                addPartials(function, false, x, y, z, g, adjointB);
            }
        });
    }

    /** {@code adjoint[i] += g[i] * d z[i] / d (x[i] or y[i])}, NaN where either operand is NaN. */
    private static void addPartials(BinaryFunction function, boolean first, double[] x, double[] y, double[] z,
            double[] g, double[] adjoint) {
        switch (function) {
            case ADD -> {
                for (int i = 0; i < g.length; i++) {
                    adjoint[i] += g[i] * (x[i] != x[i] || y[i] != y[i] ? Double.NaN : 1);
                }
            }
            case SUB -> {
                double sign = first ? 1 : -1;
                for (int i = 0; i < g.length; i++) {
                    adjoint[i] += g[i] * (x[i] != x[i] || y[i] != y[i] ? Double.NaN : sign);
                }
            }
            case MUL -> {
                double[] other = first ? y : x;
                for (int i = 0; i < g.length; i++) {
                    adjoint[i] += g[i] * (x[i] != x[i] || y[i] != y[i] ? Double.NaN : other[i]);
                }
            }
            case DIV -> {
                for (int i = 0; i < g.length; i++) {
                    double slope = first ? 1 / y[i] : -z[i] / y[i];
                    adjoint[i] += g[i] * (x[i] != x[i] || y[i] != y[i] ? Double.NaN : slope);
                }
            }
            default -> throw new IllegalArgumentException("no same-shape loops for " + function);
        }
    }
}
