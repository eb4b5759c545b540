package dev.trellis.runtime.tensor;

/**
 * Reductions along one dimension: {@code sum}, {@code mean}, {@code logSumExp}, and {@code max}/{@code min}
 * with their arg-indices. Each works on the {@code [outer, size, inner]} view of {@link Shapes}; the reduced
 * dimension is dropped, or kept with size 1 when {@code keepDim} is set. Whole-tensor reductions reshape to one
 * dimension first.
 */
final class ReductionOps {

    /** The reduced dimension in the {@code [outer, size, inner]} view, and the shape of the result. */
    private record Axis(int outer, int size, int inner, int[] reducedShape) {

        static Axis of(String op, int[] shape, int dim, boolean keepDim) {
            int d = Shapes.dim(op, dim, shape);
            return new Axis(Shapes.outer(shape, d), shape[d], Shapes.inner(shape, d),
                    ReductionOps.reducedShape(shape, d, keepDim));
        }

        /** All elements as one dimension, reduced to a scalar. */
        static Axis all(int[] shape) {
            return new Axis(1, Shapes.numElements(shape), 1, new int[0]);
        }
    }

    private ReductionOps() {
    }

    static Tensor sum(Tensor x, int dim, boolean keepDim) {
        return weightedSum("sum", x, Axis.of("sum", x.dims(), dim, keepDim), false);
    }

    static Tensor sum(Tensor x) {
        return weightedSum("sum", x, Axis.all(x.dims()), false);
    }

    /** The mean; NaN over an empty dimension (0/0), as torch. */
    static Tensor mean(Tensor x, int dim, boolean keepDim) {
        return weightedSum("mean", x, Axis.of("mean", x.dims(), dim, keepDim), true);
    }

    static Tensor mean(Tensor x) {
        return weightedSum("mean", x, Axis.all(x.dims()), true);
    }

    private static Tensor weightedSum(String op, Tensor x, Axis axis, boolean mean) {
        int outer = axis.outer();
        int size = axis.size();
        int inner = axis.inner();
        double scale = mean ? 1.0 / size : 1.0;
        double[] in = x.values();
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < size; k++) {
                int base = (o * size + k) * inner;
                for (int i = 0; i < inner; i++) {
                    out[o * inner + i] += in[base + i];
                }
            }
        }
        if (mean) {
            for (int j = 0; j < out.length; j++) {
                out[j] = size == 0 ? Double.NaN : out[j] * scale;
            }
        }
        return Tensor.result(out, axis.reducedShape(), op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < size; k++) {
                    int base = (o * size + k) * inner;
                    for (int i = 0; i < inner; i++) {
                        adjoint[base + i] += g[o * inner + i] * scale;
                    }
                }
            }
        });
    }

    /**
     * {@code log sum exp} along a dimension, shifted by the maximum so nothing overflows. A slice of all
     * {@code -inf} gives {@code -inf} with gradient 0 (never NaN): in log space that is an impossible event,
     * and the sum-product passes built on this must carry it through. A {@code +inf} element gives {@code +inf};
     * its gradient is NaN, as torch's. NaN anywhere in a slice gives NaN.
     */
    static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
        return logSumExp(x, Axis.of("logSumExp", x.dims(), dim, keepDim));
    }

    static Tensor logSumExp(Tensor x) {
        return logSumExp(x, Axis.all(x.dims()));
    }

    private static Tensor logSumExp(Tensor x, Axis axis) {
        int outer = axis.outer();
        int size = axis.size();
        int inner = axis.inner();
        double[] in = x.values();
        double[] out = new double[outer * inner];
        logSumExpKernel(in, outer, size, inner, out);
        return Tensor.result(out, axis.reducedShape(), "logSumExp", new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double total = out[o * inner + i];
                    if (total == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double upstream = g[o * inner + i];
                    for (int k = 0; k < size; k++) {
                        int at = (o * size + k) * inner + i;
                        adjoint[at] += upstream * Math.exp(in[at] - total);
                    }
                }
            }
        });
    }

    /**
     * {@code out[o * inner + i] = log sum_k exp(in[(o * size + k) * inner + i])}; writes {@code out}, reads
     * {@code in}. Starts the maximum at {@code -inf} (not {@code -Double.MAX_VALUE}, as EJML's maxima do) so
     * all-{@code -inf} slices come out as {@code -inf}.
     */
    static void logSumExpKernel(double[] in, int outer, int size, int inner, double[] out) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    max = Math.max(max, in[(o * size + k) * inner + i]);
                }
                if (Double.isInfinite(max) || Double.isNaN(max)) {
                    out[o * inner + i] = max;
                    continue;
                }
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    sum += Math.exp(in[(o * size + k) * inner + i] - max);
                }
                out[o * inner + i] = max + Math.log(sum);
            }
        }
    }

    /**
     * The maximum ({@code sign = 1}) or minimum ({@code sign = -1}) along a dimension; the gradient goes to the
     * first element attaining it. A NaN in a slice wins, as in torch, and takes the gradient.
     */
    static Tensor extreme(String op, Tensor x, int dim, boolean keepDim, int sign) {
        int[] shape = x.dims();
        int d = Shapes.dim(op, dim, shape);
        int size = shape[d];
        if (size == 0) {
            throw new IllegalArgumentException(op + ": dim " + dim + " of shape " + Shapes.str(shape)
                    + " is empty, so it has no " + (sign > 0 ? "maximum" : "minimum"));
        }
        int[] index = argExtreme(x.values(), shape, d, sign);
        double[] in = x.values();
        double[] out = new double[index.length];
        for (int j = 0; j < index.length; j++) {
            out[j] = in[index[j]];
        }
        return Tensor.result(out, reducedShape(shape, d, keepDim), op, new Tensor[] {x}, (g, adjoints) -> {
            for (int j = 0; j < index.length; j++) {
                adjoints[0][index[j]] += g[j];
            }
        });
    }

    /** The position along the dimension of the first maximum (or minimum) of each slice, as a constant. */
    static Tensor argExtreme(String op, Tensor x, int dim, boolean keepDim, int sign) {
        int[] shape = x.dims();
        int d = Shapes.dim(op, dim, shape);
        if (shape[d] == 0) {
            throw new IllegalArgumentException(op + ": dim " + dim + " of shape " + Shapes.str(shape) + " is empty");
        }
        int[] flat = argExtreme(x.values(), shape, d, sign);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        double[] out = new double[flat.length];
        for (int j = 0; j < flat.length; j++) {
            out[j] = (flat[j] / inner) % size;
        }
        return Tensor.constant(out, reducedShape(shape, d, keepDim));
    }

    /** For each slice, the flat index of its first extreme element (or first NaN). */
    private static int[] argExtreme(double[] in, int[] shape, int d, int sign) {
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        int[] index = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = o * size * inner + i;
                for (int k = 1; k < size && !Double.isNaN(in[best]); k++) {
                    int at = (o * size + k) * inner + i;
                    if (Double.isNaN(in[at]) || sign * in[at] > sign * in[best]) {
                        best = at;
                    }
                }
                index[o * inner + i] = best;
            }
        }
        return index;
    }

    static int[] reducedShape(int[] shape, int dim, boolean keepDim) {
        return keepDim ? Shapes.with(shape, dim, 1) : Shapes.remove(shape, dim);
    }
}
