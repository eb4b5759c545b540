package dev.trellis.runtime.transforms;

import java.util.function.UnaryOperator;

/**
 * The Jacobian of a function {@code R^n -> R^m} by central differences (five-point stencil at steps h and h/2,
 * one Richardson step: error O(h^6)), and {@code log |det|} of a square matrix by Gaussian elimination with
 * partial pivoting: an oracle for log-determinants that shares no code with the transforms.
 */
final class NumericalJacobian {

    private NumericalJacobian() {
    }

    /** {@code J[i][j] = d f_i / d x_j} at {@code x}. */
    static double[][] of(UnaryOperator<double[]> f, double[] x) {
        int m = f.apply(x).length;
        double[][] jacobian = new double[m][x.length];
        for (int j = 0; j < x.length; j++) {
            double h = 1e-3 * Math.max(1, Math.abs(x[j]));
            double[] coarse = stencil(f, x, j, h);
            double[] fine = stencil(f, x, j, h / 2);
            for (int i = 0; i < m; i++) {
                jacobian[i][j] = fine[i] + (fine[i] - coarse[i]) / 15;
            }
        }
        return jacobian;
    }

    /** {@code log |det a|}; {@code -inf} for a singular matrix. {@code a} is not modified. */
    static double logAbsDet(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double logDet = 0;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            if (m[col][col] == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            logDet += Math.log(Math.abs(m[col][col]));
            for (int row = col + 1; row < n; row++) {
                double factor = m[row][col] / m[col][col];
                for (int k = col; k < n; k++) {
                    m[row][k] -= factor * m[col][k];
                }
            }
        }
        return logDet;
    }

    private static double[] stencil(UnaryOperator<double[]> f, double[] x, int j, double h) {
        double[] plus1 = f.apply(shifted(x, j, h));
        double[] minus1 = f.apply(shifted(x, j, -h));
        double[] plus2 = f.apply(shifted(x, j, 2 * h));
        double[] minus2 = f.apply(shifted(x, j, -2 * h));
        double[] result = new double[plus1.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = (-plus2[i] + 8 * plus1[i] - 8 * minus1[i] + minus2[i]) / (12 * h);
        }
        return result;
    }

    private static double[] shifted(double[] x, int j, double delta) {
        double[] result = x.clone();
        result[j] += delta;
        return result;
    }
}
