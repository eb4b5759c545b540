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

    @ParameterizedTest(name = "java loops only: {0}")
    @ValueSource(booleans = {true, false})
    void products_of_every_shape_edge_equal_the_textbook_sums(boolean javaLoopsOnly) {
        MatrixKernels.useJavaLoopsOnly(javaLoopsOnly);
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
    void java_results_do_not_depend_on_how_many_rows_are_multiplied_together() {
        MatrixKernels.useJavaLoopsOnly(true);
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
            double[] a = random(random, m * k);
            double[] b = random(random, k * n);
            double[] c = random(random, m * n);
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
        double[] b = random(random, k * n);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, k, n, 20)) {
            for (int m : new int[] {20, 1, 7, 0, 20, 3}) {
                double[] a = random(random, m * k);
                double[] c = random(random, 20 * n);   // longer than m rows: the rest is left alone
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
        double[] b = random(random, k * n);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, k, n, 20)) {
            for (int m : new int[] {20, 1, 7, 0, 3}) {
                double[] a = random(random, m * k);
                double[] c = random(random, 20 * n);   // garbage in the first m rows, kept values after them
                double[] product = c.clone();
                fixed.multInto(m, a, product);
                double[] expected = c.clone();
                java.util.Arrays.fill(expected, 0, m * n, 0.0);
                fixed.multAddTo(m, a, expected);
                assertArrayEquals(expected, product);
            }
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
                        double[] a = random(random, m * k);
                        double[] b = random(random, k * n);
                        double[] c = random(random, m * n);
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
