package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;

/**
 * The lower Cholesky factor {@code L} of a symmetric positive-definite matrix {@code A = L L^T}, torch's
 * {@code linalg.cholesky}, differentiable: what {@link LowRankMultivariateNormal} factors its small capacitance matrix
 * with. Leading dimensions are a batch. Only the lower triangle of {@code A} is read.
 *
 * <p>Backward (Murray 2016, "Differentiation of the Cholesky decomposition", as torch's {@code cholesky_backward}):
 * with {@code X = tril(L^T tril(dL))} and {@code S} the symmetric matrix whose lower triangle is {@code X} with its
 * diagonal halved, {@code dA = L^-T S L^-1 / 2 + (its transpose) / 2}, computed with two triangular solves. The
 * result is symmetric, so a symmetric input built by the tape (e.g. {@code W^T W}) receives the gradient through both
 * of its triangles.
 */
final class CholeskyFactor {

    private CholeskyFactor() {
    }

    /**
     * Factors {@code a}.
     *
     * @param a shape {@code [..., n, n]}, symmetric positive definite
     * @return {@code L}, same shape, lower triangular with a positive diagonal
     * @throws IllegalArgumentException naming the batch member and the order of the leading minor if a matrix is not
     *     positive definite (or holds NaN), as torch's error does
     */
    static Tensor of(Tensor a) {
        int[] shape = a.shape();
        if (shape.length < 2 || shape[shape.length - 1] != shape[shape.length - 2]) {
            throw new IllegalArgumentException("cholesky: needs square matrices [..., n, n], got shape "
                    + Arrays.toString(shape));
        }
        int n = shape[shape.length - 1];
        double[] values = a.toArray();
        int batches = n == 0 ? 0 : values.length / (n * n);
        double[] l = new double[values.length];
        for (int b = 0; b < batches; b++) {
            factor(values, l, b * n * n, n, b);
        }
        Tensor value = Tensor.of(l, shape);
        return Tensor.withBackward(value, "cholesky", List.of(a),
                (g, adjoints) -> backward(g, adjoints[0], l, n, batches));
    }

    private static void factor(double[] a, double[] l, int offset, int n, int member) {
        for (int j = 0; j < n; j++) {
            double pivot = a[offset + j * n + j];
            for (int k = 0; k < j; k++) {
                pivot -= l[offset + j * n + k] * l[offset + j * n + k];
            }
            if (!(pivot > 0)) {
                throw new IllegalArgumentException("cholesky: the matrix" + (member > 0 ? " at batch index " + member
                        : "") + " is not positive definite (the leading minor of order " + (j + 1) + " is not "
                        + "positive definite)");
            }
            double diagonal = Math.sqrt(pivot);
            l[offset + j * n + j] = diagonal;
            for (int i = j + 1; i < n; i++) {
                double sum = a[offset + i * n + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[offset + i * n + k] * l[offset + j * n + k];
                }
                l[offset + i * n + j] = sum / diagonal;
            }
        }
    }

    private static void backward(double[] g, double[] adjoint, double[] l, int n, int batches) {
        if (adjoint == null) {
            return;
        }
        double[] factor = new double[n * n];
        double[] s = new double[n * n];
        double[] column = new double[n];
        for (int b = 0; b < batches; b++) {
            int offset = b * n * n;
            System.arraycopy(l, offset, factor, 0, n * n);
            // X = tril(L^T tril(dL)); S = (X + tril(X, -1)^T) / 2, symmetric with the diagonal halved
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double x = 0;
                    for (int k = i; k < n; k++) {
                        x += factor[k * n + i] * g[offset + k * n + j];
                    }
                    s[i * n + j] = x / 2;
                    s[j * n + i] = x / 2;
                }
            }
            // Y = L^-T S, column by column; then dA = Y L^-1, i.e. dA^T = L^-T Y^T, row by row of Y
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    column[i] = s[i * n + j];
                }
                TriangularSolver_DDRM.solveTranL(factor, column, n);
                for (int i = 0; i < n; i++) {
                    s[i * n + j] = column[i];
                }
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(s, i * n, column, 0, n);
                TriangularSolver_DDRM.solveTranL(factor, column, n);
                for (int j = 0; j < n; j++) {
                    adjoint[offset + i * n + j] += column[j];
                }
            }
        }
    }
}
