package dev.trellis.runtime.tensor;

/**
 * Running sums and products along one dimension ({@code cumsum}, {@code cumprod}), on the
 * {@code [outer, size, inner]} view of {@link Shapes}. Both accumulate strictly left to right, as torch's CPU
 * kernels do, so results are bit-identical to torch's for the same inputs: the stick-breaking transform relies on
 * that, because {@code (1 - z).cumprod()} of nearly-1 values is where its rounding shows.
 */
final class CumulativeOps {

    private CumulativeOps() {
    }

    /** Backward: the adjoint of {@code x[k]} is the sum of the upstream adjoints at positions {@code >= k}. */
    static Tensor cumsum(Tensor x, int dim) {
        int[] shape = x.dims();
        int d = Shapes.dim("cumsum", dim, shape);
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        double[] in = x.values();
        double[] out = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double total = 0;
                for (int k = 0; k < size; k++) {
                    int at = (o * size + k) * inner + i;
                    total += in[at];
                    out[at] = total;
                }
            }
        }
        return Tensor.result(out, shape, "cumsum", new Tensor[] {x}, (g, adjoints) -> {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double suffix = 0;
                    for (int k = size - 1; k >= 0; k--) {
                        int at = (o * size + k) * inner + i;
                        suffix += g[at];
                        adjoints[0][at] += suffix;
                    }
                }
            }
        });
    }

    /**
     * Backward without dividing by {@code x[k]} (which fails at zeros, and a clamped stick-breaking fraction can be
     * exactly 0): {@code dx[k] = P[k-1] * R[k]}, with the prefix product {@code P[k-1] = x[0] ... x[k-1]} and the
     * suffix sum {@code R[k] = g[k] + x[k+1] R[k+1]}, so the whole slice costs O(size).
     */
    static Tensor cumprod(Tensor x, int dim) {
        int[] shape = x.dims();
        int d = Shapes.dim("cumprod", dim, shape);
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        double[] in = x.values();
        double[] out = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double product = 1;
                for (int k = 0; k < size; k++) {
                    int at = (o * size + k) * inner + i;
                    product *= in[at];
                    out[at] = product;
                }
            }
        }
        return Tensor.result(out, shape, "cumprod", new Tensor[] {x}, (g, adjoints) -> {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double suffix = 0;
                    for (int k = size - 1; k >= 0; k--) {
                        int at = (o * size + k) * inner + i;
                        suffix = k == size - 1 ? g[at] : g[at] + in[at + inner] * suffix;
                        double prefix = k == 0 ? 1 : out[at - inner];
                        adjoints[0][at] += prefix * suffix;
                    }
                }
            }
        });
    }
}
