package dev.trellis.runtime.tensor;

/**
 * {@code softmax} and {@code logSoftmax} along one dimension, on the {@code [outer, size, inner]} view.
 *
 * <p>Both shift by the slice's maximum, so large logits do not overflow. As in torch, a slice of all
 * {@code -inf} (no possible outcome) gives NaN: the normalised distribution is undefined there.
 */
final class SoftmaxOps {

    private SoftmaxOps() {
    }

    /** Backward: {@code dx = y * (g - sum(g * y))}, per slice. */
    static Tensor softmax(Tensor x, int dim) {
        int[] shape = x.dims();
        int d = Shapes.dim("softmax", dim, shape);
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        double[] y = softmaxValues(x.values(), outer, size, inner);
        return Tensor.result(y, shape, "softmax", new Tensor[] {x}, (g, adjoints) -> {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double dot = 0;
                    for (int k = 0; k < size; k++) {
                        int at = (o * size + k) * inner + i;
                        dot += g[at] * y[at];
                    }
                    for (int k = 0; k < size; k++) {
                        int at = (o * size + k) * inner + i;
                        adjoints[0][at] += y[at] * (g[at] - dot);
                    }
                }
            }
        });
    }

    /** Backward: {@code dx = g - softmax(x) * sum(g)}, per slice. */
    static Tensor logSoftmax(Tensor x, int dim) {
        int[] shape = x.dims();
        int d = Shapes.dim("logSoftmax", dim, shape);
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        double[] y = logSoftmaxValues(x.values(), outer, size, inner);
        return Tensor.result(y, shape, "logSoftmax", new Tensor[] {x}, (g, adjoints) -> {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double total = 0;
                    for (int k = 0; k < size; k++) {
                        total += g[(o * size + k) * inner + i];
                    }
                    for (int k = 0; k < size; k++) {
                        int at = (o * size + k) * inner + i;
                        adjoints[0][at] += g[at] - Math.exp(y[at]) * total;
                    }
                }
            }
        });
    }

    /**
     * {@code exp(x - max) / sum(exp(x - max))} per slice, in a new array. Dividing by the sum (rather than
     * exponentiating {@code x - logSumExp}) keeps exact results exact, e.g. two equal logits give 0.5 each.
     */
    private static double[] softmaxValues(double[] in, int outer, int size, int inner) {
        double[] y = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    max = Math.max(max, in[(o * size + k) * inner + i]);
                }
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    int at = (o * size + k) * inner + i;
                    y[at] = Math.exp(in[at] - max);
                    sum += y[at];
                }
                for (int k = 0; k < size; k++) {
                    y[(o * size + k) * inner + i] /= sum;
                }
            }
        }
        return y;
    }

    /**
     * {@code (x - max) - log(sum(exp(x - max)))} per slice, in a new array: subtracting the maximum first keeps
     * the largest entries exact (two equal logits give exactly {@code -log 2}).
     */
    private static double[] logSoftmaxValues(double[] in, int outer, int size, int inner) {
        double[] y = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    max = Math.max(max, in[(o * size + k) * inner + i]);
                }
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    int at = (o * size + k) * inner + i;
                    y[at] = in[at] - max;
                    sum += Math.exp(y[at]);
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < size; k++) {
                    y[(o * size + k) * inner + i] -= logSum;
                }
            }
        }
        return y;
    }
}
