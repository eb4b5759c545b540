package dev.trellis.samples.logistic;

/**
 * The MAP estimate and Laplace approximation of {@link LogisticRegression}'s posterior, computed independently of the
 * runtime: Newton's method on the log posterior in plain doubles.
 *
 * <p>With theta = (w, b), x~ = (x, 1) and p_n = sigmoid(x~_n . theta), the log posterior is
 * sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)] - |theta|^2 / 2 + const; its gradient is X~'(y - p) - theta and its
 * Hessian -(X~' diag(p (1 - p)) X~ + I), negative definite, so Newton's method converges from zero.
 *
 * @param mode the MAP estimate (w..., b)
 * @param precision minus the Hessian at the mode: the Laplace approximation's precision matrix
 */
record LaplaceFit(double[] mode, double[][] precision) {

    static LaplaceFit of(double[][] x, double[] y) {
        int d = x[0].length + 1;
        double[] theta = new double[d];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[d];
            double[][] precision = new double[d][d];
            for (int j = 0; j < d; j++) {
                gradient[j] = -theta[j];
                precision[j][j] = 1.0;
            }
            for (int n = 0; n < x.length; n++) {
                double[] row = extended(x[n]);
                double p = 1.0 / (1.0 + Math.exp(-dot(row, theta)));
                for (int j = 0; j < d; j++) {
                    gradient[j] += (y[n] - p) * row[j];
                    for (int k = 0; k < d; k++) {
                        precision[j][k] += p * (1 - p) * row[j] * row[k];
                    }
                }
            }
            double[] step = solve(precision, gradient);
            double size = 0;
            for (int j = 0; j < d; j++) {
                theta[j] += step[j];
                size = Math.max(size, Math.abs(step[j]));
            }
            if (size < 1e-13) {
                return new LaplaceFit(theta, precision);
            }
        }
        throw new AssertionError("Newton's method did not converge in 100 iterations");
    }

    /** {@return the mean-field optimum's standard deviations for a Gaussian with this precision: 1 / sqrt(P_jj)} */
    double[] meanFieldSds() {
        double[] sds = new double[mode.length];
        for (int j = 0; j < sds.length; j++) {
            sds[j] = 1.0 / Math.sqrt(precision[j][j]);
        }
        return sds;
    }

    /** {@return the Laplace approximation's marginal standard deviations: sqrt of the inverse precision's diagonal} */
    double[] marginalSds() {
        double[] sds = new double[mode.length];
        for (int j = 0; j < sds.length; j++) {
            double[] unit = new double[mode.length];
            unit[j] = 1.0;
            sds[j] = Math.sqrt(solve(precision, unit)[j]);
        }
        return sds;
    }

    private static double[] extended(double[] x) {
        double[] row = new double[x.length + 1];
        System.arraycopy(x, 0, row, 0, x.length);
        row[x.length] = 1.0;
        return row;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting; {@code a} is symmetric positive definite here. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= factor * m[col][c];
                }
            }
        }
        double[] solution = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= m[r][c] * solution[c];
            }
            solution[r] = sum / m[r][r];
        }
        return solution;
    }
}
