package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixKernelsTest {

    @AfterEach
    void restoreTheDefaultBackend() {
        MatrixKernels.useJavaLoopsOnly(false);
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

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void products_of_every_shape_edge_equal_the_textbook_sums(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        SplittableRandom random = new SplittableRandom(7);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 33};
        for (int m : sizes) {
            for (int k : sizes) {
                for (int n : new int[] {1, 3, 17}) {
                    double[] a = UniformTensors.values(random, m * k);
                    double[] b = UniformTensors.values(random, k * n);
                    double[] c = UniformTensors.values(random, m * n);
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
    void java_results_do_not_depend_on_how_many_rows_are_multiplied_together() {
        MatrixKernels.useJavaLoopsOnly(true);
        SplittableRandom random = new SplittableRandom(11);
        int m = 7;
        int k = 10;
        int n = 13;
        double[] a = UniformTensors.values(random, m * k);
        double[] b = UniformTensors.values(random, k * n);
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
    void openblas_loads_from_the_maven_natives_on_linux_x86_64() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        // unless a run asks for the Java loops throughout (-Dtrellis.nativeBlas=false)
        boolean disabled = "false".equalsIgnoreCase(System.getProperty(NativeBlas.DISABLE_PROPERTY));
        if (!disabled && os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            assertTrue(NativeBlas.available(), "the openblas linux-x86_64 natives are on the classpath");
            assertTrue(MatrixKernels.usesNativeBlas());
        }
    }

    @Test
    void openblas_and_the_java_loops_agree_on_the_layers_shapes() {
        SplittableRandom random = new SplittableRandom(13);
        // dmm.py's RNN, combiner and their gradients; the nnHMM's distinct rows against its 48 and 51 wide layers
        int[][] shapes = {{20, 600, 600}, {20, 88, 600}, {600, 20, 88}, {20, 100, 200}, {265, 48, 51}, {265, 51, 48},
            {51, 265, 48}, {1, 1, 1}, {2, 3, 1}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            double[] a = UniformTensors.values(random, m * k);
            double[] b = UniformTensors.values(random, k * n);
            double[] c = UniformTensors.values(random, m * n);
            for (boolean transposedA : new boolean[] {false, true}) {
                double[] loops = c.clone();
                double[] blas = c.clone();
                MatrixKernels.useJavaLoopsOnly(true);
                multiply(transposedA, m, k, n, a, b, loops);
                MatrixKernels.useJavaLoopsOnly(false);
                multiply(transposedA, m, k, n, a, b, blas);
                assertClose(reference(m, k, n, a, transposedA, b, c), blas, k);
                assertClose(loops, blas, k);
            }
        }
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void a_fixed_right_matrix_multiplies_any_number_of_rows_up_to_its_bound(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        SplittableRandom random = new SplittableRandom(17);
        int k = 37;
        int n = 29;
        double[] b = UniformTensors.values(random, k * n);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, k, n, 20)) {
            for (int m : new int[] {20, 1, 7, 0, 20, 3}) {
                double[] a = UniformTensors.values(random, m * k);
                double[] c = UniformTensors.values(random, 20 * n);   // longer than m rows: the rest is left alone
                double[] product = c.clone();
                fixed.multAddTo(m, a, product);
                double[] expected = c.clone();
                System.arraycopy(reference(m, k, n, a, false, b, java.util.Arrays.copyOf(c, m * n)), 0, expected, 0,
                        m * n);
                assertClose(expected, product, k);
            }
        }
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void a_fixed_right_matrix_overwrites_the_rows_it_multiplies_into_without_reading_them(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        SplittableRandom random = new SplittableRandom(19);
        int k = 31;
        int n = 23;
        double[] b = UniformTensors.values(random, k * n);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, k, n, 20)) {
            for (int m : new int[] {20, 1, 7, 0, 3}) {
                double[] a = UniformTensors.values(random, m * k);
                double[] c = UniformTensors.values(random, 20 * n);   // garbage in the first m rows, kept values after them
                double[] product = c.clone();
                fixed.multInto(m, a, product);
                double[] expected = c.clone();
                java.util.Arrays.fill(expected, 0, m * n, 0.0);
                fixed.multAddTo(m, a, expected);
                assertArrayEquals(expected, product);
            }
        }
    }

    /** Each entry within {@code 1e-12} of the sum of its terms' magnitudes: BLAS rounding, whatever the order. */
    private static void assertRelativelyClose(int m, int k, int n, double[] a, double[] b, double[] expected,
            double[] actual, String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    magnitude += Math.abs(a[i * k + p] * b[p * n + j]);
                }
                assertEquals(expected[i * n + j], actual[i * n + j], 1e-12 * magnitude,
                        what + ": m " + m + ", entry (" + i + ", " + j + ")");
            }
        }
    }

    @ParameterizedTest(name = "k {0}")
    @ValueSource(ints = {600, 513})
    void a_large_fixed_right_matrix_multiplied_in_column_blocks_gives_the_whole_product(int k) {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlas.available(), "OpenBLAS did not load");
        SplittableRandom random = new SplittableRandom(23);
        int n = k == 600 ? 600 : 611;   // 611 columns: a narrower last block at every width
        double[] b = UniformTensors.values(random, k * n);
        try (NativeBlas.PinnedRight pinned = new NativeBlas.PinnedRight(b, false, k, n, 24)) {
            for (int m : new int[] {1, 2, 3, 4, 5, 7, 10, 13, 20, 24}) {
                double[] a = UniformTensors.values(random, m * k);
                double[] expected = reference(m, k, n, a, false, b, new double[m * n]);
                double[] whole = UniformTensors.values(random, 24 * n);
                pinned.multInto(m, a, whole, n);
                double[] blocked = UniformTensors.values(random, 24 * n);
                double[] after = blocked.clone();
                pinned.multInto(m, a, blocked);
                assertRelativelyClose(m, k, n, a, b, expected, whole, "one product");
                assertRelativelyClose(m, k, n, a, b, expected, blocked, "blocks of " + NativeBlas.PinnedRight
                        .blockWidth(m, k, n));
                assertRelativelyClose(m, k, n, a, b, whole, blocked, "blocks against one product");
                for (int e = m * n; e < after.length; e++) {
                    assertEquals(after[e], blocked[e], "past the product's rows: " + e);
                }
                for (int width : new int[] {8, 56, 100, n - 1}) {
                    double[] other = new double[24 * n];
                    pinned.multInto(m, a, other, width);
                    assertRelativelyClose(m, k, n, a, b, expected, other, "blocks of " + width);
                }
                double[] sum = UniformTensors.values(random, m * n);
                double[] added = sum.clone();
                pinned.multAdd(m, a, added);
                assertRelativelyClose(m, k, n, a, b, reference(m, k, n, a, false, b, sum), added, "added");
            }
        }
    }

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void a_fixed_right_matrix_given_transposed_multiplies_as_the_matrix_itself(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
        SplittableRandom random = new SplittableRandom(29);
        for (int[] shape : new int[][] {{600, 600}, {37, 29}, {520, 530}}) {
            int k = shape[0];
            int n = shape[1];
            double[] b = UniformTensors.values(random, k * n);
            try (MatrixKernels.FixedRight plain = new MatrixKernels.FixedRight(b, k, n, 20);
                    MatrixKernels.FixedRight given = MatrixKernels.FixedRight.ofTransposed(
                            MatrixKernels.transpose(b, k, n), k, n, 20)) {
                for (int m : new int[] {1, 6, 20}) {
                    double[] a = UniformTensors.values(random, m * k);
                    double[] expected = reference(m, k, n, a, false, b, new double[m * n]);
                    double[] one = new double[m * n];
                    double[] other = new double[m * n];
                    plain.multInto(m, a, one);
                    given.multInto(m, a, other);
                    assertRelativelyClose(m, k, n, a, b, expected, one, "given plain");
                    assertArrayEquals(one, other, "given transposed against plain, m " + m + ", k " + k);
                }
            }
        }
    }

    @Test
    void large_matrices_are_multiplied_in_blocks_within_the_small_kernels_work_and_small_ones_whole() {
        assertEquals(600, NativeBlas.PinnedRight.blockWidth(1, 600, 600));
        assertEquals(600, NativeBlas.PinnedRight.blockWidth(2, 600, 600));
        assertEquals(400, NativeBlas.PinnedRight.blockWidth(3, 600, 600));
        assertEquals(120, NativeBlas.PinnedRight.blockWidth(10, 600, 600));
        assertEquals(56, NativeBlas.PinnedRight.blockWidth(20, 600, 600));
        assertEquals(8, NativeBlas.PinnedRight.blockWidth(1000, 600, 600));
        assertEquals(400, NativeBlas.PinnedRight.blockWidth(20, 400, 400));
        assertEquals(600, NativeBlas.PinnedRight.blockWidth(20, 100, 600));
        for (int m = 1; m <= 64; m++) {
            int width = NativeBlas.PinnedRight.blockWidth(m, 600, 600);
            assertTrue(width % 8 == 0 && width >= 8, "m " + m + ": " + width);
            assertTrue(width == 8 || (long) m * 600 * width <= NativeBlas.PinnedRight.SMALL_KERNEL_WORK,
                    "m " + m + ": " + width);
        }
    }

    @Test
    void threads_multiplying_at_once_each_get_their_own_products() throws Exception {
        // the runtime's data-parallel training calls the products from several threads at once
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int seed = w;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(100 + seed);
                    for (int round = 0; round < 200; round++) {
                        int m = 1 + random.nextInt(40);
                        int k = 1 + random.nextInt(70);
                        int n = 1 + random.nextInt(60);
                        double[] a = UniformTensors.values(random, m * k);
                        double[] b = UniformTensors.values(random, k * n);
                        double[] c = UniformTensors.values(random, m * n);
                        double[] product = c.clone();
                        MatrixKernels.multAdd(m, k, n, a, b, product);
                        assertClose(reference(m, k, n, a, false, b, c), product, k);
                        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, k, n, m)) {
                            double[] again = c.clone();
                            fixed.multAddTo(m, a, again);
                            assertClose(product, again, k);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void multiply(boolean transposedA, int m, int k, int n, double[] a, double[] b, double[] c) {
        if (transposedA) {
            MatrixKernels.multAddTransA(m, k, n, a, b, c);
        } else {
            MatrixKernels.multAdd(m, k, n, a, b, c);
        }
    }

    @Test
    void transpose_swaps_rows_and_columns() {
        double[] b = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, MatrixKernels.transpose(b, 2, 3));
    }
}
