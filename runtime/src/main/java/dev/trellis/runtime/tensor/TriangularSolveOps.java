package dev.trellis.runtime.tensor;

import java.util.Arrays;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.jspecify.annotations.Nullable;

/**
 * Solving {@code L X = B} for a lower-triangular {@code L}, torch's {@code linalg.solve_triangular(L, B,
 * upper=False)}, on EJML's {@link TriangularSolver_DDRM} (forward substitution, O(n^2 m) per matrix instead of the
 * O(n^3) of an inverse, and more accurate). Operands of rank 3 and above are stacks whose leading dimensions
 * broadcast, as in matmul. Only the lower triangle of {@code L} is read, so the entries above the diagonal get no
 * gradient.
 *
 * <p>Backward, from {@code X = L^-1 B}: {@code dB = L^-T dX} (a transposed solve, back substitution) and
 * {@code dL = -tril(dB X^T)}.
 */
final class TriangularSolveOps {

    private TriangularSolveOps() {
    }

    static Tensor solveLower(Tensor l, Tensor b) {
        int[] lShape = l.dims();
        int[] bShape = b.dims();
        if (lShape.length < 2 || bShape.length < 2 || lShape[lShape.length - 1] != lShape[lShape.length - 2]
                || bShape[bShape.length - 2] != lShape[lShape.length - 1]) {
            throw new IllegalArgumentException("solveLowerTriangular: needs L of shape [..., n, n] and B of shape "
                    + "[..., n, m], got " + Shapes.str(lShape) + " and " + Shapes.str(bShape));
        }
        int n = lShape[lShape.length - 1];
        int m = bShape[bShape.length - 1];
        int[] lBatch = Arrays.copyOf(lShape, lShape.length - 2);
        int[] bBatch = Arrays.copyOf(bShape, bShape.length - 2);
        int[] batch;
        try {
            batch = Broadcasting.shape("solveLowerTriangular", lBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("solveLowerTriangular: the batch dims of shapes " + Shapes.str(lShape)
                    + " and " + Shapes.str(bShape) + " cannot be broadcast together", e);
        }
        int batches = Shapes.numElements(batch);
        int[] offsetsL = Broadcasting.offsets(lBatch, batch);
        int[] offsetsB = Broadcasting.offsets(bBatch, batch);
        double[] lValues = l.values();
        double[] bValues = b.values();
        double[] out = new double[batches * n * m];
        double[] matrixL = new double[n * n];
        double[] column = new double[n * m];
        for (int i = 0; i < batches; i++) {
            System.arraycopy(lValues, Broadcasting.at(offsetsL, i) * n * n, matrixL, 0, n * n);
            System.arraycopy(bValues, Broadcasting.at(offsetsB, i) * n * m, column, 0, n * m);
            TriangularSolver_DDRM.solveL(matrixL, column, n, m);
            System.arraycopy(column, 0, out, i * n * m, n * m);
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = n;
        shape[batch.length + 1] = m;
        return Tensor.result(out, shape, "solveLowerTriangular", new Tensor[] {l, b},
                (g, adjoints) -> backward(g, adjoints, lValues, out, n, m, batches, offsetsL, offsetsB));
    }

    private static void backward(double[] g, double[] @Nullable [] adjoints, double[] lValues, double[] x, int n,
            int m, int batches, int @Nullable [] offsetsL, int @Nullable [] offsetsB) {
        double[] matrixL = new double[n * n];
        double[] gradientB = new double[n * m];
        double[] vector = new double[n];
        for (int i = 0; i < batches; i++) {
            int il = Broadcasting.at(offsetsL, i);
            System.arraycopy(lValues, il * n * n, matrixL, 0, n * n);
            // dB = L^-T dX, one column at a time (EJML's transposed solve works on vectors).
            for (int j = 0; j < m; j++) {
                for (int r = 0; r < n; r++) {
                    vector[r] = g[i * n * m + r * m + j];
                }
                TriangularSolver_DDRM.solveTranL(matrixL, vector, n);
                for (int r = 0; r < n; r++) {
                    gradientB[r * m + j] = vector[r];
                }
            }
            if (adjoints[1] != null) {
                int offset = Broadcasting.at(offsetsB, i) * n * m;
                for (int k = 0; k < n * m; k++) {
                    adjoints[1][offset + k] += gradientB[k];
                }
            }
            if (adjoints[0] != null) {
                int offset = il * n * n;
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c <= r; c++) {
                        double dot = 0;
                        for (int j = 0; j < m; j++) {
                            dot += gradientB[r * m + j] * x[i * n * m + c * m + j];
                        }
                        adjoints[0][offset + r * n + c] -= dot;
                    }
                }
            }
        }
    }
}
