package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The unrolled inner loops of the contraction against plain one-element-at-a-time loops, over every row length up to
 * nine and lengths that take the eight-wide pass several times (see {@link #LENGTHS}), runs of one to nine loops, offset tables that put
 * rows anywhere in their arrays, and strided rows. Entries are small integers, so every sum is exact whatever the
 * grouping and the comparisons are bit for bit.
 */
class RowKernelsTest {

    private static final int SPACE = 64;

    /**
     * Every row length up to nine (the remainders of each pass), and lengths that run the eight-wide pass two and three
     * times with and without a remainder: with one pass its index is always 0, which would hide a wrong offset.
     */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 24, 25};

    private final SplittableRandom random = new SplittableRandom(7);

    /** Offsets of {@code count} rows of length n in an array of SPACE + n entries; a run's rows share one if shared. */
    private int[] offsets(int count, int run, int n, boolean sharedPerRun) {
        int[] o = new int[count];
        for (int p = 0; p < count; p++) {
            o[p] = sharedPerRun && p % run != 0 ? o[p - 1] : random.nextInt(SPACE - n + 1);
        }
        return o;
    }

    private double[] values(int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextInt(-4, 5);
        }
        return v;
    }

    @Test
    void scaled_rows_add_each_row_times_its_scale_into_the_run_s_output_row() {
        for (int n : LENGTHS) {
            for (int run = 1; run <= 9; run++) {
                for (boolean useScales : new boolean[] {true, false}) {
                    int count = run * 3;
                    int sOff = random.nextInt(4);
                    int xOff = random.nextInt(4);
                    int outOff = random.nextInt(4);
                    double[] scales = values(SPACE + 4);
                    scales[sOff + 1] = 0.0;
                    int[] os = offsets(count, run, 1, false);
                    double[] x = values(SPACE + 4);
                    int[] ox = offsets(count, run, n, false);
                    double[] out = values(SPACE + 4);
                    int[] oo = offsets(count, run, n, true);
                    double[] expected = out.clone();
                    for (int p = 0; p < count; p++) {
                        double s = useScales ? scales[sOff + os[p]] : 1.0;
                        for (int j = 0; j < n; j++) {
                            expected[outOff + oo[p] + j] += s * x[xOff + ox[p] + j];
                        }
                    }
                    RowKernels.scaleRows(scales, sOff, os, x, xOff, ox, out, outOff, oo, n, useScales, run);
                    assertArrayEquals(expected, out, "n=" + n + " run=" + run + " scales=" + useScales);
                }
            }
        }
    }

    @Test
    void multiplied_rows_add_each_elementwise_product_into_the_run_s_output_row() {
        for (int n : LENGTHS) {
            for (int run = 1; run <= 9; run++) {
                int count = run * 3;
                int aOff = random.nextInt(4);
                int bOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                double[] a = values(SPACE + 4);
                int[] oa = offsets(count, run, n, false);
                double[] b = values(SPACE + 4);
                int[] ob = offsets(count, run, n, false);
                double[] out = values(SPACE + 4);
                int[] oo = offsets(count, run, n, true);
                double[] expected = out.clone();
                for (int p = 0; p < count; p++) {
                    for (int j = 0; j < n; j++) {
                        expected[outOff + oo[p] + j] += a[aOff + oa[p] + j] * b[bOff + ob[p] + j];
                    }
                }
                RowKernels.multiplyRows(a, aOff, oa, b, bOff, ob, out, outOff, oo, n, run);
                assertArrayEquals(expected, out, "n=" + n + " run=" + run);
            }
        }
    }

    @Test
    void dots_add_each_row_s_dot_product_with_the_run_s_shared_row() {
        for (int n : LENGTHS) {
            for (int run = 1; run <= 9; run++) {
                int count = run * 3;
                int xOff = random.nextInt(4);
                int yOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                double[] x = values(SPACE + 4);
                int[] ox = offsets(count, run, n, true);
                double[] y = values(SPACE + 4);
                int[] oy = offsets(count, run, n, false);
                double[] out = values(SPACE + 4);
                int[] oo = offsets(count, run, 1, false);
                double[] expected = out.clone();
                for (int p = 0; p < count; p++) {
                    double sum = 0.0;
                    for (int j = 0; j < n; j++) {
                        sum += x[xOff + ox[p] + j] * y[yOff + oy[p] + j];
                    }
                    expected[outOff + oo[p]] += sum;
                }
                RowKernels.dots(x, xOff, ox, y, yOff, oy, out, outOff, oo, n, run);
                assertArrayEquals(expected, out, "n=" + n + " run=" + run);
            }
        }
    }

    @Test
    void a_dot_sums_strided_products_or_plain_entries_without_a_second_row() {
        for (int n : LENGTHS) {
            for (int sx = 1; sx <= 3; sx++) {
                for (int sy = 1; sy <= 3; sy++) {
                    int ix = random.nextInt(5);
                    int iy = random.nextInt(5);
                    double[] x = values(ix + sx * n + 1);
                    double[] y = values(iy + sy * n + 1);
                    double products = 0.0;
                    double entries = 0.0;
                    for (int j = 0; j < n; j++) {
                        products += x[ix + j * sx] * y[iy + j * sy];
                        entries += x[ix + j * sx];
                    }
                    String at = "n=" + n + " sx=" + sx + " sy=" + sy;
                    assertEquals(products, RowKernels.dot(x, ix, sx, y, iy, sy, n), at);
                    assertEquals(entries, RowKernels.dot(x, ix, sx, null, 0, sy, n), at);
                }
            }
        }
    }

    @Test
    void adding_a_scaled_row_follows_both_strides_and_a_zero_scale_adds_nothing_even_to_infinities() {
        for (int n : LENGTHS) {
            for (int sx = 1; sx <= 2; sx++) {
                for (int so = 1; so <= 2; so++) {
                    int ix = random.nextInt(5);
                    int io = random.nextInt(5);
                    double[] x = values(ix + sx * n + 1);
                    double[] out = values(io + so * n + 1);
                    double s = random.nextInt(1, 5);
                    double[] expected = out.clone();
                    for (int j = 0; j < n; j++) {
                        expected[io + j * so] += s * x[ix + j * sx];
                    }
                    RowKernels.addScaled(s, x, ix, sx, out, io, so, n);
                    assertArrayEquals(expected, out, "n=" + n + " sx=" + sx + " so=" + so);
                }
            }
        }
        double[] out = {1.0, 2.0};
        RowKernels.addScaled(0.0, new double[] {Double.POSITIVE_INFINITY, 3.0}, 0, 1, out, 0, 1, 2);
        assertArrayEquals(new double[] {1.0, 2.0}, out);
    }
}
