package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StagedProductsTest {

    @BeforeEach
    void needsOpenBlas() {
        Assumptions.assumeTrue(NativeBlas.available(), "OpenBLAS did not load");
    }

    /**
     * Asserts {@code actual = C + op(A) B} entry by entry, each within {@code 1e-12} of the sum of its terms'
     * magnitudes (BLAS rounding in any order), against the textbook sum.
     */
    private static void assertProduct(boolean transA, int m, int k, int n, double[] a, double[] b, double[] c,
            double[] actual) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = c[i * n + j];
                double magnitude = Math.abs(sum);
                for (int p = 0; p < k; p++) {
                    double term = (transA ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
                    sum += term;
                    magnitude += Math.abs(term);
                }
                assertEquals(sum, actual[i * n + j], 1e-12 * magnitude,
                        (transA ? "A^T B" : "A B") + " [" + m + ", " + k + ", " + n + "] entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void tall_products_in_blocks_equal_the_textbook_sums_with_a_short_last_block() {
        SplittableRandom random = new SplittableRandom(3);
        // the nnHMM's layer and its gradients, and shapes whose last block is one row or nearly full
        int[][] shapes = {{4240, 48, 51}, {4240, 51, 48}, {51, 4240, 48}, {249, 48, 51}, {497, 48, 51},
            {51, 249, 48}, {51, 497, 48}, {3, 7000, 5}, {7000, 3, 5}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            for (boolean transA : new boolean[] {false, true}) {
                if (!StagedProducts.takes(transA, false, m, k, n)) {
                    continue;
                }
                double[] a = UniformTensors.values(random, m * k);
                double[] b = UniformTensors.values(random, k * n);
                double[] c = UniformTensors.values(random, m * n);
                double[] product = c.clone();
                StagedProducts.multAdd(transA, m, k, n, a, b, product);
                assertProduct(transA, m, k, n, a, b, c, product);
                double[] through = c.clone();
                NativeBlas.multAdd(transA, false, m, k, n, a, b, through);
                assertProduct(transA, m, k, n, a, b, c, through);
            }
        }
    }

    @Test
    void only_products_with_a_small_whole_operand_and_more_than_one_block_are_staged() {
        int rows = StagedProducts.rowsPerBlock(48, 51);
        assertEquals(StagedProducts.BLOCK_DOUBLES / 99, rows);
        assertTrue(StagedProducts.takes(false, false, 4240, 48, 51));
        assertTrue(StagedProducts.takes(false, false, rows + 1, 48, 51));
        assertFalse(StagedProducts.takes(false, false, rows, 48, 51), "one block: JNI's copies are as good");
        assertTrue(StagedProducts.takes(true, false, 51, 4240, 48));
        assertFalse(StagedProducts.takes(false, true, 4240, 48, 51), "B transposed is not staged");
        // dmm.py's RNN input [1253, 88] x [88, 600]: B has 52,800 entries, packed again for every block
        assertFalse(StagedProducts.takes(false, false, 1253, 88, 600));
        // dmm.py's dW_hh, [600, 1253] x [1253, 600]: C has 360,000 entries
        assertFalse(StagedProducts.takes(true, false, 600, 1253, 600));
        assertTrue(StagedProducts.takes(false, false, 100_000, 90, 90), "8,100 entries of B: kept whole");
        assertFalse(StagedProducts.takes(false, false, 100_000, 91, 91), "8,281 entries of B: too many");
        assertEquals(1, StagedProducts.rowsPerBlock(20_000, 20_000), "a block has at least one row");
    }

    @Test
    void threads_staging_at_once_each_use_their_own_buffers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(50 + seed);
                    for (int round = 0; round < 20; round++) {
                        boolean transA = random.nextBoolean();
                        int small = 1 + random.nextInt(60);
                        int n = 1 + random.nextInt(60);
                        int tall = 300 + random.nextInt(1500);
                        int m = transA ? small : tall;
                        int k = transA ? tall : small;
                        double[] a = UniformTensors.values(random, m * k);
                        double[] b = UniformTensors.values(random, k * n);
                        double[] c = UniformTensors.values(random, m * n);
                        double[] product = c.clone();
                        NativeBlas.multAdd(transA, false, m, k, n, a, b, product);
                        assertProduct(transA, m, k, n, a, b, c, product);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
