package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pairwise (or unary) contraction compiled into nested loops over strided arrays, in the manner of EJML's
 * kernels: inputs first, output last, no allocation per call, and the javadoc says what is modified.
 *
 * <p>The joint index space is the union of the operands' and the output's axes; each tensor has a stride per joint
 * axis (0 where it does not have that axis). Compilation drops axes of size 1, orders the rest by the strides of
 * the largest tensor (so that its unit-stride axis is the inner loop and it is read in memory order), and merges
 * adjacent axes that are contiguous in every tensor. The inner loop is then one of four shapes, each with a
 * unit-stride fast path: a dot product (the inner axis is summed out; four partial sums, so the loop is not one
 * chain of dependent additions), a scaled row added to the output (one operand is constant along the inner axis),
 * an element-wise product, or a plain sum. Summation order is fixed by the compiled loops, so results are
 * deterministic.
 *
 * <p>Semirings: {@link #sumProduct} adds {@code a * b} into the output (probabilities); {@link #maxPlus} takes the
 * maximum of {@code a + b} into it; {@link #logSumExp} computes {@code log sum exp(a + b)} by a max pass and an
 * exponent pass. None of them ever forms {@code -inf - -inf}: an output cell whose every term is {@code -inf} stays
 * {@code -inf}. Not thread-safe (an index scratch array); each elimination compiles its own.
 */
final class StridedContraction {

    private static final int PASS_SUM = 0;
    private static final int PASS_MAX = 1;
    private static final int PASS_EXP = 2;

    private final int[] sizes;
    private final int[] strideA;
    private final int[] strideB;
    private final int[] strideOut;
    private final int[] wrapA;
    private final int[] wrapB;
    private final int[] wrapOut;
    private final int[] index;
    private final int innerSize;
    private final int innerA;
    private final int innerB;
    private final int innerOut;
    private final boolean hasB;
    /** The output's axes alone (size and stride), for the final pass of {@link #logSumExp}. */
    private final int[] outSizes;
    private final int[] outStrides;
    private final int[] outIndex;
    /** One more than the largest output offset written, relative to the output's start. */
    final int outExtent;

    private StridedContraction(int[][] axes, boolean hasB) {
        int depth = axes.length - 1;
        this.hasB = hasB;
        this.sizes = new int[depth];
        this.strideA = new int[depth];
        this.strideB = new int[depth];
        this.strideOut = new int[depth];
        this.wrapA = new int[depth];
        this.wrapB = new int[depth];
        this.wrapOut = new int[depth];
        this.index = new int[depth];
        for (int k = 0; k < depth; k++) {
            int[] axis = axes[k];
            sizes[k] = axis[0];
            strideA[k] = axis[1];
            strideB[k] = axis[2];
            strideOut[k] = axis[3];
            wrapA[k] = axis[0] * axis[1];
            wrapB[k] = axis[0] * axis[2];
            wrapOut[k] = axis[0] * axis[3];
        }
        int[] inner = axes[depth];
        this.innerSize = inner[0];
        this.innerA = inner[1];
        this.innerB = inner[2];
        this.innerOut = inner[3];
        int extent = 1;
        List<int[]> outAxes = new ArrayList<>();
        for (int[] axis : axes) {
            extent += (axis[0] - 1) * axis[3];
            if (axis[3] != 0 && axis[0] > 1) {
                outAxes.add(axis);
            }
        }
        this.outExtent = extent;
        this.outSizes = outAxes.stream().mapToInt(a -> a[0]).toArray();
        this.outStrides = outAxes.stream().mapToInt(a -> a[3]).toArray();
        this.outIndex = new int[outSizes.length];
    }

    /**
     * Compiles a contraction.
     *
     * @param sizes the size of every joint axis
     * @param strideA operand a's stride along each joint axis (0 where a lacks it)
     * @param strideB operand b's strides, or null for a unary contraction
     * @param strideOut the output's strides (0 along the axes summed out)
     * @return the compiled loops
     */
    static StridedContraction compile(int[] sizes, int[] strideA, int @Nullable [] strideB, int[] strideOut) {
        int n = sizes.length;
        int[] zero = new int[n];
        int[] sb = strideB == null ? zero : strideB;
        List<int[]> axes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (sizes[k] > 1) {
                axes.add(new int[] {sizes[k], strideA[k], sb[k], strideOut[k]});
            }
        }
        // Loop order: by the strides of the largest tensor, then of the next one, outermost first.
        long[] spans = {span(axes, 1), strideB == null ? 0 : span(axes, 2), span(axes, 3)};
        Integer[] byRank = {1, 2, 3};
        Arrays.sort(byRank, Comparator.comparingLong((Integer t) -> -spans[t - 1]));
        int first = byRank[0];
        int second = byRank[1];
        axes.sort(Comparator.comparingInt((int[] axis) -> axis[first] == 0 ? Integer.MIN_VALUE : -axis[first])
                .thenComparingInt(axis -> -axis[second]));
        List<int[]> merged = new ArrayList<>();
        for (int[] axis : axes) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last[1] == axis[1] * axis[0] && last[2] == axis[2] * axis[0]
                    && last[3] == axis[3] * axis[0]) {
                merged.set(merged.size() - 1, new int[] {last[0] * axis[0], axis[1], axis[2], axis[3]});
            } else {
                merged.add(axis);
            }
        }
        if (merged.isEmpty()) {
            merged.add(new int[] {1, 0, 0, 0});
        }
        return new StridedContraction(merged.toArray(int[][]::new), strideB != null);
    }

    /** The number of cells a tensor spans: the product of the sizes of the axes it has. */
    private static long span(List<int[]> axes, int tensor) {
        long cells = 1;
        for (int[] axis : axes) {
            if (axis[tensor] != 0) {
                cells *= axis[0];
            }
        }
        return cells;
    }

    /**
     * {@code out += sum a * b} over the axes the output lacks.
     *
     * @param b ignored for a unary contraction
     * @param out modified: the cells this contraction writes; the caller initialises them
     */
    void sumProduct(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        sweep(PASS_SUM, a, aOff, b, bOff, out, outOff, out);
    }

    /**
     * {@code out = max(out, max a + b)} over the axes the output lacks (log values).
     *
     * @param out modified: the cells this contraction writes; the caller initialises them (to {@code -inf})
     */
    void maxPlus(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        sweep(PASS_MAX, a, aOff, b, bOff, out, outOff, out);
    }

    /**
     * {@code out = log sum exp(a + b)} over the axes the output lacks (log values).
     *
     * @param out modified: its cells must hold {@code -inf} before the call
     * @param scratch modified: at least {@link #outExtent} entries
     */
    void logSumExp(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, double[] scratch) {
        sweep(PASS_MAX, a, aOff, b, bOff, out, outOff, scratch);
        Arrays.fill(scratch, 0, outExtent, 0.0);
        sweep(PASS_EXP, a, aOff, b, bOff, out, outOff, scratch);
        int[] idx = outIndex;
        int d = idx.length;
        Arrays.fill(idx, 0);
        int o = 0;
        while (true) {
            double max = out[outOff + o];
            if (max > Double.NEGATIVE_INFINITY) {
                out[outOff + o] = max + Math.log(scratch[o]);
            }
            int k = d - 1;
            while (k >= 0) {
                o += outStrides[k];
                if (++idx[k] < outSizes[k]) {
                    break;
                }
                idx[k] = 0;
                o -= outStrides[k] * outSizes[k];
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }

    private void sweep(int pass, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff,
                       double[] scratch) {
        int[] idx = index;
        int d = idx.length;
        Arrays.fill(idx, 0);
        int ia = aOff;
        int ib = bOff;
        int io = outOff;
        while (true) {
            if (pass == PASS_SUM) {
                innerSum(a, ia, b, ib, out, io);
            } else if (pass == PASS_MAX) {
                innerMax(a, ia, b, ib, out, io);
            } else {
                innerExp(a, ia, b, ib, out, io, scratch, io - outOff);
            }
            int k = d - 1;
            while (k >= 0) {
                ia += strideA[k];
                ib += strideB[k];
                io += strideOut[k];
                if (++idx[k] < sizes[k]) {
                    break;
                }
                idx[k] = 0;
                ia -= wrapA[k];
                ib -= wrapB[k];
                io -= wrapOut[k];
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }

    private void innerSum(double[] a, int ia, double[] b, int ib, double[] out, int io) {
        int n = innerSize;
        int sa = innerA;
        int sb = innerB;
        int so = innerOut;
        if (so == 0) {
            out[io] += hasB ? dot(a, ia, sa, b, ib, sb, n) : dot(a, ia, sa, null, 0, 0, n);
        } else if (!hasB) {
            addScaled(1.0, a, ia, sa, out, io, so, n);
        } else if (sa == 0) {
            addScaled(a[ia], b, ib, sb, out, io, so, n);
        } else if (sb == 0) {
            addScaled(b[ib], a, ia, sa, out, io, so, n);
        } else if (sa == 1 && sb == 1 && so == 1) {
            for (int j = 0; j < n; j++) {
                out[io + j] += a[ia + j] * b[ib + j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                out[io + j * so] += a[ia + j * sa] * b[ib + j * sb];
            }
        }
    }

    /** {@code sum_j x[j] * y[j]} (or {@code sum_j x[j]} without y) with four partial sums. */
    private static double dot(double[] x, int ix, int sx, double @Nullable [] y, int iy, int sy, int n) {
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
    private static void addScaled(double s, double[] x, int ix, int sx, double[] out, int io, int so, int n) {
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

    private void innerMax(double[] a, int ia, double[] b, int ib, double[] out, int io) {
        int n = innerSize;
        int sa = innerA;
        int sb = hasB ? innerB : 0;
        int so = innerOut;
        double[] y = hasB ? b : null;
        if (so == 0) {
            double best = out[io];
            for (int j = 0; j < n; j++) {
                double v = a[ia + j * sa] + (y == null ? 0.0 : y[ib + j * sb]);
                best = v > best ? v : best;
            }
            out[io] = best;
        } else {
            for (int j = 0; j < n; j++) {
                double v = a[ia + j * sa] + (y == null ? 0.0 : y[ib + j * sb]);
                int o = io + j * so;
                if (v > out[o]) {
                    out[o] = v;
                }
            }
        }
    }

    private void innerExp(double[] a, int ia, double[] b, int ib, double[] out, int io, double[] scratch, int it) {
        int n = innerSize;
        int sa = innerA;
        int sb = hasB ? innerB : 0;
        int so = innerOut;
        double[] y = hasB ? b : null;
        if (so == 0) {
            double max = out[io];
            if (max == Double.NEGATIVE_INFINITY) {
                return;
            }
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(a[ia + j * sa] + (y == null ? 0.0 : y[ib + j * sb]) - max);
            }
            scratch[it] += sum;
        } else {
            for (int j = 0; j < n; j++) {
                double max = out[io + j * so];
                if (max > Double.NEGATIVE_INFINITY) {
                    scratch[it + j * so] += Math.exp(a[ia + j * sa] + (y == null ? 0.0 : y[ib + j * sb]) - max);
                }
            }
        }
    }
}
