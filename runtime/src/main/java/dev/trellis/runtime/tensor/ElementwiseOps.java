package dev.trellis.runtime.tensor;

/**
 * Operations that map each element through one scalar function: the named functions of
 * {@link UnaryFunction}, arithmetic with a constant, {@code pow} with a constant exponent and {@code clamp}.
 *
 * <p>The backward pass multiplies the adjoint by the derivative at each element, evaluated lazily from the
 * captured input and output (nothing is computed for tensors that never get differentiated). A NaN input
 * element gives a NaN derivative whatever the formula says, so NaN propagates into gradients as into values.
 */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static Tensor apply(Tensor x, UnaryFunction function) {
        if (DedicatedElementwise.covers(function)) {
            return DedicatedElementwise.apply(x, function);
        }
        return apply(x, function.op(), function);
    }

    static Tensor apply(Tensor x, String op, ElementwiseFunction function) {
        double[] in = x.values();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = function.value(in[i]);
        }
        return Tensor.result(out, x.dims(), op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint == null) {
                return;
            }
            for (int i = 0; i < g.length; i++) {
                double slope = Double.isNaN(in[i]) ? Double.NaN : function.derivative(in[i], out[i]);
                adjoint[i] += g[i] * slope;
            }
        });
    }

    static Tensor add(Tensor x, double c) {
        return DedicatedElementwise.apply(x, DedicatedElementwise.Constant.ADD, c);
    }

    static Tensor sub(Tensor x, double c) {
        return DedicatedElementwise.apply(x, DedicatedElementwise.Constant.SUB, c);
    }

    static Tensor mul(Tensor x, double c) {
        return DedicatedElementwise.apply(x, DedicatedElementwise.Constant.MUL, c);
    }

    static Tensor div(Tensor x, double c) {
        return DedicatedElementwise.apply(x, DedicatedElementwise.Constant.DIV, c);
    }

    /**
     * {@code x^p} with torch's derivative {@code p x^(p-1)}, which is 0 for {@code p = 0} even at x = 0 (where
     * the formula alone would give {@code 0 * inf}).
     */
    static Tensor pow(Tensor x, double p) {
        return apply(x, "pow", ElementwiseFunction.of(v -> Math.pow(v, p),
                (v, y) -> p == 0 ? 0 : p * Math.pow(v, p - 1)));
    }

    /**
     * {@code min(max(x, min), max)} as torch: all elements become {@code max} if {@code min > max}; the gradient
     * is 1 where {@code min <= x <= max} (bounds included) and 0 elsewhere.
     */
    static Tensor clamp(Tensor x, double min, double max) {
        return apply(x, "clamp", ElementwiseFunction.of(v -> Math.min(Math.max(v, min), max),
                (v, y) -> v >= min && v <= max ? 1 : 0));
    }
}
