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
 * the largest tensor (so that it is read in memory order), moves to the inner loop an axis along which every tensor
 * is contiguous or constant when there is one, and merges adjacent axes that are contiguous in every tensor. The inner loop is then one of four shapes, each with a
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

    private static final int MAX_TABLE = 1 << 14;
    private static final int SUM_ANY = 0;
    /** {@code out[j] += a * b[j]}: a constant along the loop, b and out contiguous. */
    private static final int SUM_SCALE_B = 1;
    /** {@code out[j] += b * a[j]} (b = 1 for a unary contraction): b constant, a and out contiguous. */
    private static final int SUM_SCALE_A = 2;
    /** {@code out += sum_j a[j] * b[j]}: the loop is summed out, a and b contiguous. */
    private static final int SUM_DOT = 3;
    /** {@code out[j] += a[j] * b[j]}: all three contiguous. */
    private static final int SUM_PRODUCT = 4;

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
    /**
     * Where every inner loop starts, relative to each tensor's offset, precomputed so that the outer loops cost three
     * array reads per inner loop instead of an odometer step; null when there are more than {@link #MAX_TABLE}.
     */
    private final int @Nullable [] outerA;
    private final int @Nullable [] outerB;
    private final int @Nullable [] outerOut;
    /** Which unit-stride inner loop {@link #sumProduct} runs, or {@link #SUM_ANY}. */
    private final int sumKind;
    /**
     * How many consecutive inner loops write the same output row (row updates) or read the same row of one operand
     * (dot products, see {@link #dotSharesA}).
     */
    private final int run;
    /** For dot products: whether operand a (otherwise b) is the one consecutive loops share. */
    private final boolean dotSharesA;

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
        long count = 1;
        for (int k = 0; k < depth; k++) {
            count *= sizes[k];
        }
        if (count <= MAX_TABLE) {
            int n = (int) count;
            outerA = new int[n];
            outerB = new int[n];
            outerOut = new int[n];
            int[] idx = new int[depth];
            int ia = 0;
            int ib = 0;
            int io = 0;
            for (int p = 0; p < n; p++) {
                outerA[p] = ia;
                outerB[p] = ib;
                outerOut[p] = io;
                for (int k = depth - 1; k >= 0; k--) {
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
                }
            }
        } else {
            outerA = null;
            outerB = null;
            outerOut = null;
        }
        int[] shared = innerOut == 0 ? (trailingConstant(strideA, sizes) >= trailingConstant(strideB, sizes)
                ? strideA : strideB) : strideOut;
        this.run = trailingConstant(shared, sizes);
        this.dotSharesA = shared == strideA;
        int sa = innerA;
        int sb = hasB ? innerB : 0;
        int so = innerOut;
        if (so == 0) {
            sumKind = hasB && sa == 1 && sb == 1 ? SUM_DOT : SUM_ANY;
        } else if (so != 1) {
            sumKind = SUM_ANY;
        } else if (hasB && sa == 0 && sb == 1) {
            sumKind = SUM_SCALE_B;
        } else if (sb == 0 && sa == 1) {
            sumKind = SUM_SCALE_A;
        } else if (hasB && sa == 1 && sb == 1) {
            sumKind = SUM_PRODUCT;
        } else {
            sumKind = SUM_ANY;
        }
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
        // Loop order: by the strides of the largest tensor, then of the next one, outermost first; then the inner
        // loop is the best axis for it (see innerAxis).
        long[] spans = {span(axes, 1), strideB == null ? 0 : span(axes, 2), span(axes, 3)};
        Integer[] byRank = {1, 2, 3};
        Arrays.sort(byRank, Comparator.comparingLong((Integer t) -> -spans[t - 1]));
        int first = byRank[0];
        int second = byRank[1];
        axes.sort(Comparator.comparingInt((int[] axis) -> axis[first] == 0 ? Integer.MIN_VALUE : -axis[first])
                .thenComparingInt(axis -> -axis[second]));
        int inner = innerAxis(axes, strideB != null);
        if (inner >= 0) {
            axes.add(axes.remove(inner));
        }
        // Among the outer loops, the axes summed out go innermost when the inner loop writes a row of the output:
        // consecutive inner loops then add into the same row, four at a time (see sumProduct).
        int[] innermost = axes.isEmpty() ? null : axes.remove(axes.size() - 1);
        if (innermost != null && innermost[3] != 0) {
            moveInward(axes, 3);
        } else if (innermost != null && strideB != null && innermost[1] == 1 && innermost[2] == 1) {
            // A dot product: the outer axes along which one operand is constant go innermost, so that four
            // consecutive dots share that operand's row (see dots).
            moveInward(axes, count(axes, 1) >= count(axes, 2) ? 1 : 2);
        }
        if (innermost != null) {
            axes.add(innermost);
        }
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

    /**
     * The axis for the inner loop: one along which every tensor is contiguous or constant (so the loop reads and
     * writes consecutive doubles and the JIT can vectorise it), preferably one the output has (independent
     * additions rather than one chain of them), then the longest. -1 keeps the largest tensor's innermost axis.
     */
    private static int innerAxis(List<int[]> axes, boolean hasB) {
        int best = -1;
        long bestScore = Long.MIN_VALUE;
        for (int k = 0; k < axes.size(); k++) {
            int[] axis = axes.get(k);
            boolean clean = axis[1] <= 1 && (!hasB || axis[2] <= 1) && axis[3] <= 1;
            if (!clean) {
                continue;
            }
            long score = (axis[3] != 0 ? 1L << 40 : 0) + ((long) axis[0] << 8) + k;
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /** The product of the sizes of the innermost outer axes along which the strides are 0. */
    private static int trailingConstant(int[] strides, int[] sizes) {
        int r = 1;
        for (int k = strides.length - 1; k >= 0 && strides[k] == 0; k--) {
            r *= sizes[k];
        }
        return r;
    }

    /** Moves the axes along which a tensor has stride 0 after the others, keeping both groups' order. */
    private static void moveInward(List<int[]> axes, int tensor) {
        List<int[]> kept = new ArrayList<>();
        List<int[]> constant = new ArrayList<>();
        for (int[] axis : axes) {
            (axis[tensor] == 0 ? constant : kept).add(axis);
        }
        axes.clear();
        axes.addAll(kept);
        axes.addAll(constant);
    }

    /** The number of consecutive outer cells along which a tensor has stride 0 (the product of those sizes). */
    private static long count(List<int[]> axes, int tensor) {
        long cells = 1;
        for (int[] axis : axes) {
            if (axis[tensor] == 0) {
                cells *= axis[0];
            }
        }
        return cells;
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
        if (outerA == null) {
            sweep(PASS_SUM, a, aOff, b, bOff, out, outOff, out);
            return;
        }
        int[] oa = outerA;
        int[] ob = outerB;
        int[] oo = outerOut;
        int n = innerSize;
        switch (sumKind) {
            case SUM_SCALE_B -> RowKernels.scaleRows(a, aOff, oa, b, bOff, ob, out, outOff, oo, n, true, run);
            case SUM_SCALE_A -> RowKernels.scaleRows(b, bOff, ob, a, aOff, oa, out, outOff, oo, n, hasB, run);
            case SUM_DOT -> {
                if (dotSharesA) {
                    RowKernels.dots(a, aOff, oa, b, bOff, ob, out, outOff, oo, n, run);
                } else {
                    RowKernels.dots(b, bOff, ob, a, aOff, oa, out, outOff, oo, n, run);
                }
            }
            case SUM_PRODUCT -> RowKernels.multiplyRows(a, aOff, oa, b, bOff, ob, out, outOff, oo, n, run);
            default -> {
                for (int p = 0; p < oa.length; p++) {
                    innerSum(a, aOff + oa[p], b, bOff + ob[p], out, outOff + oo[p]);
                }
            }
        }
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
        if (outerA != null && pass != PASS_SUM) {
            for (int p = 0; p < outerA.length; p++) {
                int ia = aOff + outerA[p];
                int ib = bOff + outerB[p];
                int io = outOff + outerOut[p];
                if (pass == PASS_MAX) {
                    innerMax(a, ia, b, ib, out, io);
                } else {
                    innerExp(a, ia, b, ib, out, io, scratch, io - outOff);
                }
            }
            return;
        }
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
            out[io] += hasB ? RowKernels.dot(a, ia, sa, b, ib, sb, n)
                    : RowKernels.dot(a, ia, sa, null, 0, 0, n);
        } else if (!hasB) {
            RowKernels.addScaled(1.0, a, ia, sa, out, io, so, n);
        } else if (sa == 0) {
            RowKernels.addScaled(a[ia], b, ib, sb, out, io, so, n);
        } else if (sb == 0) {
            RowKernels.addScaled(b[ib], a, ia, sa, out, io, so, n);
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
