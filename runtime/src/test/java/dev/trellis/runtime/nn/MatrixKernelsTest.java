package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatrixKernelsTest {

    private static double[] random(SplittableRandom random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return values;
    }

    /** {@code C + A B} by the textbook triple loop, each sum in the order of the inner index. */
    private static double[] reference(int m, int k, int n, double[] a, boolean aTransposed, double[] b, double[] c) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = out[i * n + j];
                for (int p = 0; p < k; p++) {
                    sum += (aTransposed ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
                }
                out[i * n + j] = sum;
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] actual, int k) {
        assertEquals(expected.length, actual.length);
        for (int e = 0; e < expected.length; e++) {
            // each entry sums k products of numbers in [-1, 1]: fused rounding differs by a few ulps of k
            assertEquals(expected[e], actual[e], 1e-15 * (k + 1), "entry " + e);
        }
    }

    @Test
    void products_of_every_shape_edge_equal_the_textbook_sums() {
        SplittableRandom random = new SplittableRandom(7);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 33};
        for (int m : sizes) {
            for (int k : sizes) {
                for (int n : new int[] {1, 3, 17}) {
                    double[] a = random(random, m * k);
                    double[] b = random(random, k * n);
                    double[] c = random(random, m * n);
                    double[] product = c.clone();
                    MatrixKernels.multAdd(m, k, n, a, b, product);
                    assertClose(reference(m, k, n, a, false, b, c), product, k);
                    double[] transposedProduct = c.clone();
                    MatrixKernels.multAddTransA(m, k, n, a, b, transposedProduct);
                    assertClose(reference(m, k, n, a, true, b, c), transposedProduct, k);
                }
            }
        }
    }

    @Test
    void results_do_not_depend_on_how_many_rows_are_multiplied_together() {
        SplittableRandom random = new SplittableRandom(11);
        int m = 7;
        int k = 10;
        int n = 13;
        double[] a = random(random, m * k);
        double[] b = random(random, k * n);
        double[] all = new double[m * n];
        MatrixKernels.multAdd(m, k, n, a, b, all);
        for (int i = 0; i < m; i++) {
            double[] row = new double[n];
            MatrixKernels.multAdd(1, k, n, a, i * k, k, 1, b, 0, row, 0);
            double[] expected = java.util.Arrays.copyOfRange(all, i * n, (i + 1) * n);
            assertArrayEquals(expected, row, "row " + i);
        }
    }

    @Test
    void transpose_swaps_rows_and_columns() {
        double[] b = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, MatrixKernels.transpose(b, 2, 3));
    }
}
