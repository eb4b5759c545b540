package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void fixed_products_pad_rows_to_a_multiple_of_8_when_3_5_6_or_7_rows_are_over() {
        int[] padded = new int[25];
        for (int m = 1; m <= 24; m++) {
            padded[m] = SingleProducts.paddedRows(m);
        }
        assertArrayEquals(new int[] {0, 1, 2, 8, 4, 8, 8, 8, 8, 9, 10, 16, 12, 16, 16, 16, 16, 17, 18, 24, 20, 24,
            24, 24, 24}, padded);
    }

    @ParameterizedTest(name = "[{0} x {1}] with row stride {2}, add {3}, staging {4}")
    @CsvSource({
        // whole rows per chunk, the padded columns past cols skipped
        "600, 13, 16, true, 16384",
        "600, 13, 16, false, 16384",
        // one row per chunk, several chunks
        "7, 40, 40, true, 50",
        // a row longer than the staging array: pieces of one row
        "3, 120, 125, true, 50",
        "3, 120, 125, false, 50",
    })
    void the_transposed_product_is_added_or_written_column_for_row(int rows, int cols, int stride, boolean add,
            int stagingLength) {
        SplittableRandom random = new SplittableRandom(rows * 7L + cols);
        float[] source = new float[rows * stride];
        for (int e = 0; e < source.length; e++) {
            source[e] = (float) random.nextDouble(-1, 1);
        }
        double[] target = UniformTensors.values(random, cols * rows + 3);
        double[] expected = target.clone();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                double value = source[r * stride + i];
                expected[i * rows + r] = add ? expected[i * rows + r] + value : value;
            }
        }
        try (FloatPointer pointer = new FloatPointer(source)) {
            SingleProducts.addTransposedTo(pointer, rows, cols, stride, target, add, new float[stagingLength]);
            assertEquals(0, pointer.position(), "the pointer's position is put back");
        }
        assertArrayEquals(expected, target, "the entries past the transpose stay as they were");
    }

    @ParameterizedTest(name = "[{0} x {1}], staging {2}")
    @CsvSource({
        // several columns per chunk, the last chunk partial
        "30, 50, 100",
        // one column per chunk
        "60, 7, 100",
        // a column longer than the staging array: pieces of one column
        "130, 4, 50",
    })
    void a_matrix_is_put_rounded_and_transposed_whatever_the_staging_size(int rows, int cols, int stagingLength) {
        double[] values = UniformTensors.values(new SplittableRandom(rows + 31L * cols), rows * cols);
        try (FloatPointer target = new FloatPointer(rows * cols + 2L)) {
            target.put(rows * cols, -7.0f).put(rows * cols + 1L, -7.0f);
            SingleProducts.putRoundedTransposed(values, rows, cols, target, new float[stagingLength]);
            assertEquals(0, target.position(), "the pointer's position is put back");
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals((float) values[r * cols + j], target.get((long) j * rows + r), "entry " + r + ", " + j);
                }
            }
            assertEquals(-7.0f, target.get(rows * cols), "nothing written past the transpose");
            assertThrows(IllegalStateException.class,
                    () -> SingleProducts.putRoundedTransposed(values, rows, cols + 1, target, new float[8]));
        }
    }

    @Test
    void a_transposed_product_larger_than_its_float_buffer_is_refused() {
        try (FloatPointer small = new FloatPointer(20)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SingleProducts.addTransposedTo(small, 3, 5, 7, new double[15], true, new float[64]));
            assertEquals("a float buffer of 20 numbers asked for 21", refused.getMessage());
        }
    }

    @ParameterizedTest(name = "add {0}")
    @ValueSource(booleans = {false, true})
    void floats_are_added_or_written_at_an_offset_chunk_after_chunk(boolean add) {
        float[] source = new float[130];
        for (int e = 0; e < source.length; e++) {
            source[e] = e + 0.5f;
        }
        double[] target = UniformTensors.values(new SplittableRandom(2), 140);
        double[] expected = target.clone();
        for (int e = 0; e < source.length; e++) {
            expected[5 + e] = add ? expected[5 + e] + source[e] : source[e];
        }
        try (FloatPointer pointer = new FloatPointer(source)) {
            SingleProducts.addTo(pointer, 130, target, 5, add, new float[50]);
        }
        assertArrayEquals(expected, target);
    }

    @Test
    void a_fixed_matrix_multiplies_up_to_vector_rows_a_row_at_a_time_and_more_rows_transposed() {
        SplittableRandom random = new SplittableRandom(17);
        int k = 12;
        int n = 9;
        double[] b = UniformTensors.values(random, k * n);
        try (SingleProducts.Fixed fixed = new SingleProducts.Fixed(b, false, k, n, 8)) {
            for (int m : new int[] {SingleProducts.Fixed.VECTOR_ROWS, SingleProducts.Fixed.VECTOR_ROWS + 1}) {
                double[] a = UniformTensors.values(random, m * k);
                double[] c = new double[m * n];
                fixed.multInto(m, a, c);
                // the float result buffer holds C row-major after row-by-row products, C^T after the transposed one
                boolean rowByRow = m <= SingleProducts.Fixed.VECTOR_ROWS;
                int stride = SingleProducts.paddedRows(m);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float held = fixed.c.get(rowByRow ? (long) i * n + j : (long) j * stride + i);
                        assertEquals(c[i * n + j], held, 0.0, "m=" + m + " entry " + i + ", " + j);
                    }
                }
            }
        }
    }

    @Test
    void a_fixed_matrix_holds_its_bound_of_rows_padded_and_fills_the_padding_with_zeros() {
        SplittableRandom random = new SplittableRandom(21);
        int k = 10;
        int n = 6;
        double[] b = UniformTensors.values(random, k * n);
        try (SingleProducts.Fixed fixed = new SingleProducts.Fixed(b, false, k, n, 12)) {
            // 11 rows are computed as 16, more than paddedRows(12)
            assertEquals(16L * k, fixed.a.capacity());
            assertEquals(16L * n, fixed.c.capacity());
            for (int e = 0; e < 16 * k; e++) {
                fixed.a.put(e, Float.NaN);
            }
            double[] a = UniformTensors.values(random, 11 * k);
            double[] c = new double[11 * n];
            fixed.multInto(11, a, c);
            assertSinglePrecision(reference(false, false, 11, k, n, a, b, new double[11 * n]), c, k);
            for (int e = 11 * k; e < 16 * k; e++) {
                assertEquals(0.0f, fixed.a.get(e), "padding entry " + e);
            }
            assertThrows(IllegalStateException.class, () -> fixed.multInto(17, new double[17 * k], new double[17 * n]),
                    "17 rows exceed the buffers");
        }
    }

    @Test
    void zeros_are_put_in_pieces_past_the_staging_array_and_only_where_asked() {
        float[] values = new float[130];
        Arrays.fill(values, 5.0f);
        try (FloatPointer pointer = new FloatPointer(values)) {
            float[] staging = new float[50];
            Arrays.fill(staging, 9.0f);
            SingleProducts.putZeros(pointer, 7, 120, staging);
            float[] back = new float[130];
            pointer.get(back);
            for (int e = 0; e < back.length; e++) {
                assertEquals(e < 7 || e >= 127 ? 5.0f : 0.0f, back[e], "entry " + e);
            }
            assertThrows(IllegalStateException.class, () -> SingleProducts.putZeros(pointer, 100, 31, staging));
        }
    }

    @ParameterizedTest(name = "[m, {0}] x [{0}, {1}], every m up to {2}")
    @CsvSource({"600, 600, 24", "100, 600, 20", "600, 100, 20", "30, 50, 9"})
    void a_fixed_float32_matrix_multiplies_every_row_count_up_to_its_bound(int k, int n, int maxRows) {
        SplittableRandom random = new SplittableRandom(k * 13L + n);
        double[] b = UniformTensors.values(random, k * n);
        try (SingleProducts.Fixed plain = new SingleProducts.Fixed(b, false, k, n, maxRows);
                SingleProducts.Fixed transposed =
                        new SingleProducts.Fixed(MatrixKernels.transpose(b, k, n), true, k, n, maxRows)) {
            for (int m = maxRows; m >= 1; m--) {   // from the largest, so that smaller ones meet stale rows
                double[] a = UniformTensors.values(random, m * k);
                double[] c = UniformTensors.values(random, m * n);
                double[][] expected = reference(false, false, m, k, n, a, b, c);
                double[] sum = c.clone();
                plain.multAdd(m, a, sum);
                assertSinglePrecision(expected, sum, k);
                double[] into = new double[m * n];
                transposed.multInto(m, a, into);
                assertSinglePrecision(reference(false, false, m, k, n, a, b, new double[m * n]), into, k);
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
