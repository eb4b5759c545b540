package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compiled contractions against a plain loop over the joint index space, for random structures: up to five joint
 * axes of sizes 1 to 4, each tensor holding a random subset of them in a random memory order, sometimes with gaps
 * between its strides (a slice of a larger array) and at an offset, unary and binary, and with more than
 * {@code MAX_TABLE} outer loops. Sum-product entries are small integers, so sums are exact whatever the loop order;
 * max-plus is exact too; log-sum-exp is compared within 1e-13. Cells outside the output are never written.
 */
class StridedContractionTest {

    private static final int TRIALS = 1500;

    private final SplittableRandom random = new SplittableRandom(17);

    /** One random contraction: the joint sizes and each tensor's strides and offset. */
    private final class Structure {
        final int[] sizes;
        final int[] strideA;
        final int[] strideB;
        final int[] strideOut;
        final int aOff = random.nextInt(3);
        final int bOff = random.nextInt(3);
        final int outOff = random.nextInt(3);
        final int aLength;
        final int bLength;
        final int outLength;

        Structure(int[] sizes, boolean unary) {
            this.sizes = sizes;
            int n = sizes.length;
            boolean[] inA = new boolean[n];
            boolean[] inB = new boolean[n];
            boolean[] inOut = new boolean[n];
            for (int k = 0; k < n; k++) {
                int pick = random.nextInt(unary ? 1 : 3);
                inA[k] = pick != 1;
                inB[k] = !unary && pick != 0;
                inOut[k] = random.nextInt(3) == 0;
            }
            strideA = new int[n];
            strideB = new int[n];
            strideOut = new int[n];
            aLength = aOff + layout(inA, strideA);
            bLength = unary ? 0 : bOff + layout(inB, strideB);
            outLength = outOff + layout(inOut, strideOut) + 2;
        }

        /** Given strides (null strideB: unary). */
        Structure(int[] sizes, int[] strideA, int[] strideB, int[] strideOut) {
            this.sizes = sizes;
            this.strideA = strideA;
            this.strideB = strideB == null ? new int[sizes.length] : strideB;
            this.strideOut = strideOut;
            aLength = aOff + extent(strideA);
            bLength = strideB == null ? 0 : bOff + extent(strideB);
            outLength = outOff + extent(strideOut) + 2;
        }

        private int extent(int[] strides) {
            int last = 0;
            for (int k = 0; k < sizes.length; k++) {
                last += (sizes[k] - 1) * strides[k];
            }
            return last + 1;
        }

        /** Row-major strides over the present axes in a random order, with a gap axis of size 2 sometimes. */
        private int layout(boolean[] present, int[] strides) {
            int n = sizes.length;
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            for (int k = n - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            int gapAt = random.nextInt(3) == 0 ? random.nextInt(n + 1) : -1;
            int stride = 1;
            for (int m = n; m >= 0; m--) {
                if (m == gapAt) {
                    stride *= 2;
                }
                if (m < n && present[order[m]]) {
                    strides[order[m]] = stride;
                    stride *= sizes[order[m]];
                }
            }
            return stride;
        }

        StridedContraction compile() {
            return StridedContraction.compile(sizes, strideA, unary() ? null : strideB, strideOut);
        }

        boolean unary() {
            return bLength == 0;
        }

        /** Calls back with the positions of a, b and out at every joint index. */
        void forEachIndex(IndexVisitor visitor) {
            int n = sizes.length;
            int[] idx = new int[n];
            while (true) {
                int ia = aOff;
                int ib = bOff;
                int io = outOff;
                for (int k = 0; k < n; k++) {
                    ia += idx[k] * strideA[k];
                    ib += idx[k] * strideB[k];
                    io += idx[k] * strideOut[k];
                }
                visitor.visit(ia, ib, io);
                int k = n - 1;
                while (k >= 0 && ++idx[k] == sizes[k]) {
                    idx[k] = 0;
                    k--;
                }
                if (k < 0) {
                    return;
                }
            }
        }

        /** Whether the output has a cell at position o. */
        boolean[] written() {
            boolean[] w = new boolean[outLength];
            forEachIndex((ia, ib, io) -> w[io] = true);
            return w;
        }
    }

    private interface IndexVisitor {
        void visit(int ia, int ib, int io);
    }

    private int[] randomSizes() {
        int[] sizes = new int[1 + random.nextInt(5)];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = 1 + random.nextInt(4);
        }
        return sizes;
    }

    private double[] integers(int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextInt(-3, 4);
        }
        return v;
    }

    /** Log values in [-3, 3] with about a fifth of them -inf. */
    private double[] logs(int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextInt(5) == 0 ? Double.NEGATIVE_INFINITY : random.nextDouble(-3, 3);
        }
        return v;
    }

    private void checkSumProduct(Structure s) {
        double[] a = integers(s.aLength);
        double[] b = integers(s.bLength);
        double[] out = integers(s.outLength);
        double[] expected = out.clone();
        s.forEachIndex((ia, ib, io) -> expected[io] += a[ia] * (s.unary() ? 1.0 : b[ib]));
        s.compile().sumProduct(a, s.aOff, b, s.bOff, out, s.outOff);
        assertArrayEquals(expected, out, () -> describe(s));
    }

    private void checkMaxPlus(Structure s) {
        double[] a = logs(s.aLength);
        double[] b = logs(s.bLength);
        double[] out = logs(s.outLength);
        boolean[] written = s.written();
        for (int o = 0; o < out.length; o++) {
            out[o] = written[o] ? Double.NEGATIVE_INFINITY : out[o];
        }
        double[] expected = out.clone();
        s.forEachIndex((ia, ib, io) -> expected[io] = Math.max(expected[io], a[ia] + (s.unary() ? 0.0 : b[ib])));
        s.compile().maxPlus(a, s.aOff, b, s.bOff, out, s.outOff);
        assertArrayEquals(expected, out, () -> describe(s));
    }

    private void checkLogSumExp(Structure s) {
        double[] a = logs(s.aLength);
        double[] b = logs(s.bLength);
        double[] out = logs(s.outLength);
        boolean[] written = s.written();
        for (int o = 0; o < out.length; o++) {
            out[o] = written[o] ? Double.NEGATIVE_INFINITY : out[o];
        }
        double[] sums = new double[s.outLength];
        s.forEachIndex((ia, ib, io) -> sums[io] += Math.exp(a[ia] + (s.unary() ? 0.0 : b[ib])));
        StridedContraction c = s.compile();
        int extent = 0;
        for (int o = 0; o < written.length; o++) {
            extent = written[o] ? o - s.outOff + 1 : extent;
        }
        assertEquals(extent, c.outExtent, () -> describe(s));
        double[] before = out.clone();
        // the scratch's contents on entry do not matter
        double[] scratch = new double[c.outExtent];
        Arrays.fill(scratch, 5.0);
        c.logSumExp(a, s.aOff, b, s.bOff, out, s.outOff, scratch);
        for (int o = 0; o < out.length; o++) {
            if (!written[o]) {
                assertEquals(before[o], out[o], "cell " + o + " is not the output's: " + describe(s));
            } else if (sums[o] == 0.0) {
                assertEquals(Double.NEGATIVE_INFINITY, out[o], "cell " + o + ": " + describe(s));
            } else {
                double want = Math.log(sums[o]);
                assertTrue(Math.abs(out[o] - want) <= 1e-13 * Math.max(1.0, Math.abs(want)),
                        "cell " + o + ": " + out[o] + " expected " + want + " " + describe(s));
            }
        }
    }

    private static String describe(Structure s) {
        return "sizes " + Arrays.toString(s.sizes) + " a " + Arrays.toString(s.strideA) + " b "
                + (s.unary() ? "none" : Arrays.toString(s.strideB)) + " out "
                + Arrays.toString(s.strideOut);
    }

    @Test
    void a_sum_product_adds_every_joint_term_into_its_output_cell() {
        for (int trial = 0; trial < TRIALS; trial++) {
            checkSumProduct(new Structure(randomSizes(), trial % 4 == 0));
        }
    }

    @Test
    void max_plus_keeps_the_largest_term_of_every_output_cell() {
        for (int trial = 0; trial < TRIALS; trial++) {
            checkMaxPlus(new Structure(randomSizes(), trial % 4 == 0));
        }
    }

    @Test
    void log_sum_exp_gives_the_log_of_every_cell_s_sum_and_minus_infinity_where_every_term_is() {
        for (int trial = 0; trial < TRIALS; trial++) {
            checkLogSumExp(new Structure(randomSizes(), trial % 4 == 0));
        }
    }

    /** No axis is contiguous in every tensor: the inner loop is strided in the output or in an operand. */
    @Test
    void transposing_contractions_give_every_cell_its_terms() {
        int[] sizes = {3, 4};
        int[] rowMajor = {4, 1};
        int[] columnMajor = {1, 3};
        int[] constant = {0, 0};
        int[][] operands = {rowMajor, columnMajor, constant, {0, 1}, {1, 0}};
        for (int[] strideA : new int[][] {rowMajor, columnMajor}) {
            for (int[] out : new int[][] {rowMajor, columnMajor, {0, 1}, {1, 0}, {0, 2}, {2, 0}, {8, 2}}) {
                checkAll(new Structure(sizes, strideA, null, out));
                for (int[] strideB : operands) {
                    checkAll(new Structure(sizes, strideA, strideB, out));
                }
            }
        }
    }

    /** Every tensor in the same memory order, sharing its innermost axis: contiguous element-wise inner loops. */
    @Test
    void aligned_contractions_beyond_the_offset_tables_give_the_same_answers() {
        int n = 17;
        int[] sizes = new int[n];
        Arrays.fill(sizes, 2);
        int[] strideA = new int[n];
        int[] strideB = new int[n];
        int[] strideOut = new int[n];
        int sa = 1;
        int sb = 1;
        int so = 1;
        for (int k = n - 1; k >= 0; k--) {
            strideA[k] = sa;
            sa *= 2;
            if (k == n - 1 || k % 2 == 0) {
                strideB[k] = sb;
                sb *= 2;
            }
            if (k == n - 1 || k % 3 == 0) {
                strideOut[k] = so;
                so *= 2;
            }
        }
        checkAll(new Structure(sizes, strideA, strideB, strideOut));
        checkAll(new Structure(sizes, strideA, null, strideOut));
    }

    private void checkAll(Structure s) {
        checkSumProduct(s);
        checkMaxPlus(s);
        checkLogSumExp(s);
    }

    @Test
    void contractions_with_more_outer_loops_than_the_offset_tables_hold_give_the_same_answers() {
        for (int trial = 0; trial < 8; trial++) {
            // 2^17 joint cells: whatever the inner loop (an axis, or a few merged), more than 2^14 outer loops
            int[] sizes = new int[17];
            Arrays.fill(sizes, 2);
            Structure s = new Structure(sizes, trial % 4 == 0);
            checkSumProduct(s);
            checkMaxPlus(s);
            checkLogSumExp(s);
        }
    }
}
