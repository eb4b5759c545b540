package dev.trellis.benchmarks.models;

import java.util.SplittableRandom;

/**
 * Random probability tables for the benchmark models, from a fixed seed: sticky transition rows (half a uniform
 * Dirichlet draw, half the identity, as {@code HmmParameters}) and uniform Dirichlet rows. Costs do not depend on the
 * values unless a sequence needs a scan's log-space fallback, which these never do.
 */
public final class RandomTables {

    private RandomTables() {
    }

    /** {@return a k x k matrix whose row i is 0.5 Dirichlet(1) + 0.5 one-hot(i)} */
    public static double[][] sticky(SplittableRandom random, int k) {
        double[][] rows = new double[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = dirichlet(random, k);
            for (int j = 0; j < k; j++) {
                rows[i][j] = 0.5 * rows[i][j] + (i == j ? 0.5 : 0.0);
            }
        }
        return rows;
    }

    /** {@return {@code count} rows, each a draw from the uniform Dirichlet over k values} */
    public static double[][] dirichlet(SplittableRandom random, int count, int k) {
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = dirichlet(random, k);
        }
        return rows;
    }

    /** {@return one draw from the uniform Dirichlet over k values (normalised exponentials)} */
    public static double[] dirichlet(SplittableRandom random, int k) {
        double[] row = new double[k];
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            row[j] = -Math.log(1.0 - random.nextDouble());
            sum += row[j];
        }
        for (int j = 0; j < k; j++) {
            row[j] /= sum;
        }
        return row;
    }
}
