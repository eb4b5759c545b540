package dev.trellis.runtime.elimination;

import org.jspecify.annotations.Nullable;

/**
 * The inner loops of {@link StridedContraction}'s sum-product: rows added into an output row, four per pass where
 * they share it (one load and store of the output row per four rows instead of per one, the trick of
 * {@code ScaledTransitionMatrix.addScaledRows}), and dot products, four per pass where they share a row. The loops
 * run over unit-stride rows; summation order is fixed.
 *
 * <p>The four-row passes are unrolled by eight by hand. The JIT does not vectorise them (their rows start at offsets
 * it cannot compare), and its own unrolling leaves a short row (16 states) mostly to its pre- and post-loops; written
 * out, a pass over 16-long rows takes ~30% less time. Every element gets the operations of the plain loop, in its
 * order, so results are unchanged to the bit.
 *
 * <p>Every method takes the starts of its inner loops as offset tables ({@code o*}) relative to the arrays' offsets;
 * {@code run} consecutive loops share the output row (row updates) or the shared operand's row (dots).
 */
final class RowKernels {

    private RowKernels() {
    }

    /**
     * {@code out[j] += s_p * x_p[j]} for every inner loop p, where {@code s_p} is read from {@code scales} (1 when
     * {@code useScales} is false) and {@code x_p} is a contiguous row; the loops of one run share their output row,
     * which is loaded and stored once per four of them.
     */
    static void scaleRows(double[] scales, int sOff, int[] os, double[] x, int xOff, int[] ox, double[] out,
                          int outOff, int[] oo, int n, boolean useScales, int run) {
        int count = oo.length;
        for (int p = 0; p < count; p += run) {
            int io = outOff + oo[p];
            int end = p + run;
            int q = p;
            for (; q + 4 <= end; q += 4) {
                double s0 = useScales ? scales[sOff + os[q]] : 1.0;
                double s1 = useScales ? scales[sOff + os[q + 1]] : 1.0;
                double s2 = useScales ? scales[sOff + os[q + 2]] : 1.0;
                double s3 = useScales ? scales[sOff + os[q + 3]] : 1.0;
                int i0 = xOff + ox[q];
                int i1 = xOff + ox[q + 1];
                int i2 = xOff + ox[q + 2];
                int i3 = xOff + ox[q + 3];
                int j = 0;
                for (; j + 8 <= n; j += 8) {
                    out[io + j] += (s0 * x[i0 + j] + s1 * x[i1 + j]) + (s2 * x[i2 + j] + s3 * x[i3 + j]);
                    out[io + j + 1] += (s0 * x[i0 + j + 1] + s1 * x[i1 + j + 1])
                            + (s2 * x[i2 + j + 1] + s3 * x[i3 + j + 1]);
                    out[io + j + 2] += (s0 * x[i0 + j + 2] + s1 * x[i1 + j + 2])
                            + (s2 * x[i2 + j + 2] + s3 * x[i3 + j + 2]);
                    out[io + j + 3] += (s0 * x[i0 + j + 3] + s1 * x[i1 + j + 3])
                            + (s2 * x[i2 + j + 3] + s3 * x[i3 + j + 3]);
                    out[io + j + 4] += (s0 * x[i0 + j + 4] + s1 * x[i1 + j + 4])
                            + (s2 * x[i2 + j + 4] + s3 * x[i3 + j + 4]);
                    out[io + j + 5] += (s0 * x[i0 + j + 5] + s1 * x[i1 + j + 5])
                            + (s2 * x[i2 + j + 5] + s3 * x[i3 + j + 5]);
                    out[io + j + 6] += (s0 * x[i0 + j + 6] + s1 * x[i1 + j + 6])
                            + (s2 * x[i2 + j + 6] + s3 * x[i3 + j + 6]);
                    out[io + j + 7] += (s0 * x[i0 + j + 7] + s1 * x[i1 + j + 7])
                            + (s2 * x[i2 + j + 7] + s3 * x[i3 + j + 7]);
                }
                for (; j < n; j++) {
                    out[io + j] += (s0 * x[i0 + j] + s1 * x[i1 + j]) + (s2 * x[i2 + j] + s3 * x[i3 + j]);
                }
            }
            for (; q < end; q++) {
                double s = useScales ? scales[sOff + os[q]] : 1.0;
                if (s != 0.0) {
                    int ix = xOff + ox[q];
                    for (int j = 0; j < n; j++) {
                        out[io + j] += s * x[ix + j];
                    }
                }
            }
        }
    }

    /** {@code out[j] += a_p[j] * b_p[j]} for every inner loop p, four loops of a run per pass over the output row. */
    static void multiplyRows(double[] a, int aOff, int[] oa, double[] b, int bOff, int[] ob, double[] out,
                             int outOff, int[] oo, int n, int run) {
        int count = oo.length;
        for (int p = 0; p < count; p += run) {
            int io = outOff + oo[p];
            int end = p + run;
            int q = p;
            for (; q + 4 <= end; q += 4) {
                int a0 = aOff + oa[q];
                int a1 = aOff + oa[q + 1];
                int a2 = aOff + oa[q + 2];
                int a3 = aOff + oa[q + 3];
                int b0 = bOff + ob[q];
                int b1 = bOff + ob[q + 1];
                int b2 = bOff + ob[q + 2];
                int b3 = bOff + ob[q + 3];
                int j = 0;
                for (; j + 8 <= n; j += 8) {
                    out[io + j] += (a[a0 + j] * b[b0 + j] + a[a1 + j] * b[b1 + j])
                            + (a[a2 + j] * b[b2 + j] + a[a3 + j] * b[b3 + j]);
                    out[io + j + 1] += (a[a0 + j + 1] * b[b0 + j + 1] + a[a1 + j + 1] * b[b1 + j + 1])
                            + (a[a2 + j + 1] * b[b2 + j + 1] + a[a3 + j + 1] * b[b3 + j + 1]);
                    out[io + j + 2] += (a[a0 + j + 2] * b[b0 + j + 2] + a[a1 + j + 2] * b[b1 + j + 2])
                            + (a[a2 + j + 2] * b[b2 + j + 2] + a[a3 + j + 2] * b[b3 + j + 2]);
                    out[io + j + 3] += (a[a0 + j + 3] * b[b0 + j + 3] + a[a1 + j + 3] * b[b1 + j + 3])
                            + (a[a2 + j + 3] * b[b2 + j + 3] + a[a3 + j + 3] * b[b3 + j + 3]);
                    out[io + j + 4] += (a[a0 + j + 4] * b[b0 + j + 4] + a[a1 + j + 4] * b[b1 + j + 4])
                            + (a[a2 + j + 4] * b[b2 + j + 4] + a[a3 + j + 4] * b[b3 + j + 4]);
                    out[io + j + 5] += (a[a0 + j + 5] * b[b0 + j + 5] + a[a1 + j + 5] * b[b1 + j + 5])
                            + (a[a2 + j + 5] * b[b2 + j + 5] + a[a3 + j + 5] * b[b3 + j + 5]);
                    out[io + j + 6] += (a[a0 + j + 6] * b[b0 + j + 6] + a[a1 + j + 6] * b[b1 + j + 6])
                            + (a[a2 + j + 6] * b[b2 + j + 6] + a[a3 + j + 6] * b[b3 + j + 6]);
                    out[io + j + 7] += (a[a0 + j + 7] * b[b0 + j + 7] + a[a1 + j + 7] * b[b1 + j + 7])
                            + (a[a2 + j + 7] * b[b2 + j + 7] + a[a3 + j + 7] * b[b3 + j + 7]);
                }
                for (; j < n; j++) {
                    out[io + j] += (a[a0 + j] * b[b0 + j] + a[a1 + j] * b[b1 + j])
                            + (a[a2 + j] * b[b2 + j] + a[a3 + j] * b[b3 + j]);
                }
            }
            for (; q < end; q++) {
                int ia = aOff + oa[q];
                int ib = bOff + ob[q];
                for (int j = 0; j < n; j++) {
                    out[io + j] += a[ia + j] * b[ib + j];
                }
            }
        }
    }

    /**
     * {@code out_p += sum_j x_p[j] * y_p[j]} for every inner loop p, where consecutive loops of a run share the row
     * {@code x_p}: four dots per pass over it, each with two partial sums.
     */
    static void dots(double[] x, int xOff, int[] ox, double[] y, int yOff, int[] oy, double[] out, int outOff,
                     int[] oo, int n, int run) {
        int count = oo.length;
        for (int p = 0; p < count; p += run) {
            int ix = xOff + ox[p];
            int end = p + run;
            int q = p;
            for (; q + 4 <= end; q += 4) {
                int i0 = yOff + oy[q];
                int i1 = yOff + oy[q + 1];
                int i2 = yOff + oy[q + 2];
                int i3 = yOff + oy[q + 3];
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                double t0 = 0.0;
                double t1 = 0.0;
                double t2 = 0.0;
                double t3 = 0.0;
                int j = 0;
                for (; j + 8 <= n; j += 8) {
                    double u0 = x[ix + j];
                    double w0 = x[ix + j + 1];
                    s0 += u0 * y[i0 + j];
                    t0 += w0 * y[i0 + j + 1];
                    s1 += u0 * y[i1 + j];
                    t1 += w0 * y[i1 + j + 1];
                    s2 += u0 * y[i2 + j];
                    t2 += w0 * y[i2 + j + 1];
                    s3 += u0 * y[i3 + j];
                    t3 += w0 * y[i3 + j + 1];
                    double u1 = x[ix + j + 2];
                    double w1 = x[ix + j + 3];
                    s0 += u1 * y[i0 + j + 2];
                    t0 += w1 * y[i0 + j + 3];
                    s1 += u1 * y[i1 + j + 2];
                    t1 += w1 * y[i1 + j + 3];
                    s2 += u1 * y[i2 + j + 2];
                    t2 += w1 * y[i2 + j + 3];
                    s3 += u1 * y[i3 + j + 2];
                    t3 += w1 * y[i3 + j + 3];
                    double u2 = x[ix + j + 4];
                    double w2 = x[ix + j + 5];
                    s0 += u2 * y[i0 + j + 4];
                    t0 += w2 * y[i0 + j + 5];
                    s1 += u2 * y[i1 + j + 4];
                    t1 += w2 * y[i1 + j + 5];
                    s2 += u2 * y[i2 + j + 4];
                    t2 += w2 * y[i2 + j + 5];
                    s3 += u2 * y[i3 + j + 4];
                    t3 += w2 * y[i3 + j + 5];
                    double u3 = x[ix + j + 6];
                    double w3 = x[ix + j + 7];
                    s0 += u3 * y[i0 + j + 6];
                    t0 += w3 * y[i0 + j + 7];
                    s1 += u3 * y[i1 + j + 6];
                    t1 += w3 * y[i1 + j + 7];
                    s2 += u3 * y[i2 + j + 6];
                    t2 += w3 * y[i2 + j + 7];
                    s3 += u3 * y[i3 + j + 6];
                    t3 += w3 * y[i3 + j + 7];
                }
                for (; j + 2 <= n; j += 2) {
                    double u = x[ix + j];
                    double w = x[ix + j + 1];
                    s0 += u * y[i0 + j];
                    t0 += w * y[i0 + j + 1];
                    s1 += u * y[i1 + j];
                    t1 += w * y[i1 + j + 1];
                    s2 += u * y[i2 + j];
                    t2 += w * y[i2 + j + 1];
                    s3 += u * y[i3 + j];
                    t3 += w * y[i3 + j + 1];
                }
                if (j < n) {
                    double u = x[ix + j];
                    s0 += u * y[i0 + j];
                    s1 += u * y[i1 + j];
                    s2 += u * y[i2 + j];
                    s3 += u * y[i3 + j];
                }
                out[outOff + oo[q]] += s0 + t0;
                out[outOff + oo[q + 1]] += s1 + t1;
                out[outOff + oo[q + 2]] += s2 + t2;
                out[outOff + oo[q + 3]] += s3 + t3;
            }
            for (; q < end; q++) {
                out[outOff + oo[q]] += dot(x, ix, 1, y, yOff + oy[q], 1, n);
            }
        }
    }

    /** {@code sum_j x[j] * y[j]} (or {@code sum_j x[j]} without y) with four partial sums. */
    static double dot(double[] x, int ix, int sx, double @Nullable [] y, int iy, int sy, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int j = 0;
        if (y == null) {
            for (; j + 4 <= n; j += 4) {
                s0 += x[ix + j * sx];
                s1 += x[ix + (j + 1) * sx];
                s2 += x[ix + (j + 2) * sx];
                s3 += x[ix + (j + 3) * sx];
            }
            for (; j < n; j++) {
                s0 += x[ix + j * sx];
            }
        } else if (sx == 1 && sy == 1) {
            for (; j + 4 <= n; j += 4) {
                s0 += x[ix + j] * y[iy + j];
                s1 += x[ix + j + 1] * y[iy + j + 1];
                s2 += x[ix + j + 2] * y[iy + j + 2];
                s3 += x[ix + j + 3] * y[iy + j + 3];
            }
            for (; j < n; j++) {
                s0 += x[ix + j] * y[iy + j];
            }
        } else {
            for (; j + 4 <= n; j += 4) {
                s0 += x[ix + j * sx] * y[iy + j * sy];
                s1 += x[ix + (j + 1) * sx] * y[iy + (j + 1) * sy];
                s2 += x[ix + (j + 2) * sx] * y[iy + (j + 2) * sy];
                s3 += x[ix + (j + 3) * sx] * y[iy + (j + 3) * sy];
            }
            for (; j < n; j++) {
                s0 += x[ix + j * sx] * y[iy + j * sy];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code out[j] += s * x[j]}; nothing when s is 0 (a state ruled out contributes nothing). */
    static void addScaled(double s, double[] x, int ix, int sx, double[] out, int io, int so, int n) {
        if (s == 0.0) {
            return;
        }
        if (sx == 1 && so == 1) {
            for (int j = 0; j < n; j++) {
                out[io + j] += s * x[ix + j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                out[io + j * so] += s * x[ix + j * sx];
            }
        }
    }
}
