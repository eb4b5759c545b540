package dev.trellis.runtime.tensor;

/**
 * Loops of their own for the elementwise operations a neural model makes most of: {@code relu}, {@code tanh} and
 * arithmetic with a constant. {@link ElementwiseOps#apply} calls the function through an interface at every element,
 * a call the compiler cannot inline once a program uses more than two functions; these compute the same values and
 * slopes (NaN input, NaN slope) with the function known.
 */
final class DedicatedElementwise {

    /** Arithmetic with a constant. */
    enum Constant { ADD, SUB, MUL, DIV }

    private DedicatedElementwise() {
    }

    /** {@return whether {@code function} has loops here} */
    static boolean covers(UnaryFunction function) {
        return function == UnaryFunction.RELU || function == UnaryFunction.TANH;
    }

    static Tensor apply(Tensor x, UnaryFunction function) {
        double[] in = x.values();
        double[] out = new double[in.length];
        boolean relu = function == UnaryFunction.RELU;
        if (relu) {
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.max(in[i], 0.0);   // max(-0.0, 0.0) is 0.0 and NaN stays NaN, branch-free
            }
        } else if (function == UnaryFunction.TANH) {
            for (int i = 0; i < in.length; i++) {
                out[i] = ElementaryFunctions.tanh(in[i]);
            }
        } else {
            throw new IllegalArgumentException("no dedicated loops for " + function);
        }
        return Tensor.result(out, x.dims(), function.op(), new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint == null) {
                return;
            }
            if (relu) {
                for (int i = 0; i < g.length; i++) {
                    // 1 above 0 (times 2^60, even the least subnormal reaches 1), 0 at or below, NaN at NaN,
                    // without a branch
                    adjoint[i] += g[i] * Math.min(1.0, Math.max(in[i], 0.0) * Double.MAX_VALUE * 0x1p60);
                }
            } else {
                for (int i = 0; i < g.length; i++) {
                    double y = out[i];
                    adjoint[i] += g[i] * (in[i] != in[i] ? Double.NaN : 1 - y * y);
                }
            }
        });
    }

    /** {@code x + c}, {@code x - c}, {@code x * c} or {@code x / c}. */
    static Tensor apply(Tensor x, Constant kind, double c) {
        double[] in = x.values();
        double[] out = new double[in.length];
        switch (kind) {
            case ADD -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] + c;
                }
            }
            case SUB -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] - c;
                }
            }
            case MUL -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] * c;
                }
            }
            case DIV -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] / c;
                }
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        double slope = switch (kind) {
            case ADD, SUB -> 1;
            case MUL -> c;
            case DIV -> 1 / c;
        };
        String op = kind.name().toLowerCase(java.util.Locale.ROOT);
        return Tensor.result(out, x.dims(), op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint == null) {
                return;
            }
            for (int i = 0; i < g.length; i++) {
                adjoint[i] += g[i] * (in[i] != in[i] ? Double.NaN : slope);
            }
        });
    }
}
