package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductPrecisionTest {

    /** float32's unit roundoff. */
    private static final double U = 0x1p-24;

    @BeforeEach
    void needsOpenBlas() {
        assumeTrue(MatrixKernels.usesNativeBlas(), "single precision applies to OpenBLAS's products");
    }

    @AfterEach
    void restoreDouble() {
        ProductPrecision.use(ProductPrecision.DOUBLE);
    }

    /** {@code C + op(A) op(B)} in float64 and {@code sum_p |a_ip| |b_pj|} per entry, row-major. */
    private static double[][] reference(boolean transA, boolean transB, int m, int k, int n, double[] a, double[] b,
            double[] c) {
        double[] sum = c.clone();
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    double left = transA ? a[p * m + i] : a[i * k + p];
                    double right = transB ? b[j * k + p] : b[p * n + j];
                    sum[i * n + j] += left * right;
                    magnitude[i * n + j] += Math.abs(left * right);
                }
            }
        }
        return new double[][] {sum, magnitude};
    }

    /**
     * Each entry within float32's bound of the float64 product, and at least one entry not equal to it: a product
     * that stayed float64 would pass the bound, so the test also asks for float32's rounding to show.
     */
    private static void assertSinglePrecision(double[][] expected, double[] actual, int k) {
        boolean rounded = false;
        for (int e = 0; e < actual.length; e++) {
            double bound = (k + 2) * U * expected[1][e] + 1e-300;
            assertEquals(expected[0][e], actual[e], bound, "entry " + e);
            rounded |= Math.abs(actual[e] - expected[0][e]) > 1e-12 * expected[1][e];
        }
        assertTrue(rounded, "the product was computed in float32");
    }

    @ParameterizedTest(name = "transA {0}, transB {1}, [{2} x {3}] x [{3} x {4}]")
    @CsvSource({
        "false, false, 7, 33, 5",
        "true, false, 9, 40, 12",
        "false, true, 20, 600, 16",
        "true, true, 3, 17, 4",
        // tall with a small operand: what StagedProducts takes in float64
        "false, false, 4240, 48, 51",
        "true, false, 48, 4240, 51",
        // more than one conversion chunk in each operand
        "false, false, 150, 300, 120",
    })
    void products_under_single_are_float32_products_added_in_float64(boolean transA, boolean transB, int m, int k,
            int n) {
        SplittableRandom random = new SplittableRandom(m * 31L + k);
        double[] a = UniformTensors.values(random, m * k);
        double[] b = UniformTensors.values(random, k * n);
        double[] c = UniformTensors.values(random, m * n);
        double[][] expected = reference(transA, transB, m, k, n, a, b, c);
        ProductPrecision.use(ProductPrecision.SINGLE);
        NativeBlas.multAdd(transA, transB, m, k, n, a, b, c);
        assertSinglePrecision(expected, c, k);
    }

    @Test
    void a_threads_first_products_get_float_buffers_of_their_size() throws Exception {
        ProductPrecision.use(ProductPrecision.SINGLE);
        SplittableRandom random = new SplittableRandom(5);
        int m = 300;
        int k = 40;
        int n = 50;
        double[] a = UniformTensors.values(random, m * k);
        double[] b = UniformTensors.values(random, k * n);
        double[][] expected = reference(false, false, m, k, n, a, b, new double[m * n]);
        double[] c = new double[m * n];
        double[] transposedC = new double[k * n];
        // a new thread starts with no buffers: each product must ask for the sizes it needs
        Thread thread = new Thread(() -> {
            ProductPrecision.use(ProductPrecision.SINGLE);
            NativeBlas.multAdd(false, false, m, k, n, a, b, c);
            NativeBlas.multAdd(true, false, k, m, n, a, Arrays.copyOf(b, m * n), transposedC);
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("the product failed", failure.get());
        }
        assertSinglePrecision(expected, c, k);
        double[][] transposedReference = reference(true, false, k, m, n, a, Arrays.copyOf(b, m * n),
                new double[k * n]);
        assertSinglePrecision(transposedReference, transposedC, m);
    }

    @Test
    void a_float_buffer_smaller_than_the_numbers_asked_for_is_refused() {
        try (FloatPointer small = new FloatPointer(3)) {
            IllegalStateException put = assertThrows(IllegalStateException.class,
                    () -> SingleProducts.putRounded(new double[4], 4, small, new float[8]));
            assertEquals("a float buffer of 3 numbers asked for 4", put.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> SingleProducts.addTo(small, 4, new double[4], true, new float[8]));
        }
    }

    @ParameterizedTest(name = "given transposed: {0}")
    @ValueSource(booleans = {false, true})
    void a_fixed_float32_matrix_that_is_not_square_multiplies_as_given_and_frees_its_memory(boolean transposed) {
        SplittableRandom random = new SplittableRandom(11);
        int k = 30;
        int n = 50;
        int rows = 6;
        double[] b = UniformTensors.values(random, k * n);
        double[] a = UniformTensors.values(random, rows * k);
        double[] c = UniformTensors.values(random, rows * n);
        double[][] expected = reference(false, false, rows, k, n, a, b, c);
        SingleProducts.Fixed fixed = new SingleProducts.Fixed(transposed ? MatrixKernels.transpose(b, k, n) : b,
                transposed, k, n, rows);
        fixed.multAdd(rows, a, c);
        assertSinglePrecision(expected, c, k);
        fixed.close();
        assertTrue(fixed.b.isNull() && fixed.a.isNull() && fixed.c.isNull(), "close frees the native copies");
    }

    @Test
    void the_result_keeps_its_float64_value_where_the_product_adds_nothing() {
        double[] c = {1 + 0x1p-40, -3 - 0x1p-45, 0x1p-60, 7};
        double[] before = c.clone();
        ProductPrecision.use(ProductPrecision.SINGLE);
        // A [2, 3] x B [3, 2] with B zero
        NativeBlas.multAdd(false, false, 2, 3, 2, new double[] {1, 2, 3, 4, 5, 6}, new double[6], c);
        for (int e = 0; e < c.length; e++) {
            assertEquals(before[e], c[e], 0.0, "entry " + e);
        }
    }

    @ParameterizedTest(name = "k = n = {0} (large ones stored transposed)")
    @ValueSource(ints = {40, 600})
    void a_fixed_right_matrix_made_under_single_multiplies_in_float32_for_its_life(int size) {
        SplittableRandom random = new SplittableRandom(size);
        double[] b = UniformTensors.values(random, size * size);
        int rows = 30;   // 30 x 600 results: more than one conversion chunk
        ProductPrecision.use(ProductPrecision.SINGLE);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, size, size, rows);
                MatrixKernels.FixedRight transposed =
                        MatrixKernels.FixedRight.ofTransposed(MatrixKernels.transpose(b, size, size), size, size,
                                rows)) {
            ProductPrecision.use(ProductPrecision.DOUBLE);   // later changes do not reach a fixed matrix
            for (int m : new int[] {1, 7, rows}) {
                double[] a = UniformTensors.values(random, m * size);
                double[] c = UniformTensors.values(random, m * size);
                double[][] added = reference(false, false, m, size, size, a, b, c);
                double[] sum = c.clone();
                fixed.multAddTo(m, a, sum);
                assertSinglePrecision(added, sum, size);

                double[][] product = reference(false, false, m, size, size, a, b, new double[m * size]);
                double[] into = UniformTensors.values(random, (m + 1) * size);
                double[] lastRow = Arrays.copyOfRange(into, m * size, (m + 1) * size);
                transposed.multInto(m, a, into);
                assertSinglePrecision(product, Arrays.copyOf(into, m * size), size);
                for (int j = 0; j < size; j++) {
                    assertEquals(lastRow[j], into[m * size + j], 0.0, "row past m untouched");
                }
            }
        }
    }

    @Test
    void a_fixed_right_matrix_made_under_double_stays_float64_when_single_comes_later() {
        SplittableRandom random = new SplittableRandom(3);
        int size = 40;
        double[] b = UniformTensors.values(random, size * size);
        double[] a = UniformTensors.values(random, 5 * size);
        try (MatrixKernels.FixedRight fixed = new MatrixKernels.FixedRight(b, size, size, 5)) {
            ProductPrecision.use(ProductPrecision.SINGLE);
            double[] c = new double[5 * size];
            fixed.multAddTo(5, a, c);
            double[][] expected = reference(false, false, 5, size, size, a, b, new double[5 * size]);
            for (int e = 0; e < c.length; e++) {
                assertEquals(expected[0][e], c[e], 1e-15 * (size + 1), "entry " + e);
            }
        }
    }

    @Test
    void use_returns_the_precision_it_replaces() {
        assertSame(ProductPrecision.DOUBLE, ProductPrecision.current());
        assertSame(ProductPrecision.DOUBLE, ProductPrecision.use(ProductPrecision.SINGLE));
        assertSame(ProductPrecision.SINGLE, ProductPrecision.current());
        assertSame(ProductPrecision.SINGLE, ProductPrecision.use(ProductPrecision.DOUBLE));
    }
}
