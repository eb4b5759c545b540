package dev.trellis.runtime.elimination;

import java.util.Arrays;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;

/**
 * The backward pulls of one pair step into one homogeneous operand, gathered over {@link #STEPS} steps of a scan and
 * added at once.
 *
 * <p>A homogeneous table's backward quantity sums one contraction per step, {@code C += (C_out / m) x other}, into
 * an array as large as the table (K^3 for a second-order chain's transitions). Added step by step, every step reads
 * and writes all of it; gathered, the contraction gets an extra axis of four steps that is summed out, so each of
 * its rows is loaded and stored once per four steps (the four-rows-per-pass of {@link StridedContraction}). The
 * order of the additions changes, not their terms. Scaled space only: in log space the caller does not accumulate.
 */
final class StepBatch {

    static final int STEPS = 4;

    private final int ratioCells;
    private final SlotShape other;
    private final int otherCells;
    private final double[] ratios;
    private final double[] others;
    private final StridedContraction contraction;
    private int count;
    private double[] target;
    private int targetOffset;

    /**
     * @param out the pair step's output (the shape of the ratio), contiguous
     * @param other the other operand, or null for a unary step
     * @param target the operand pulled into
     */
    StepBatch(SlotShape out, @Nullable SlotShape other, SlotShape target, int[] useSizes) {
        this.ratioCells = out.cells;
        this.other = other;
        this.otherCells = other == null ? 0 : other.cells;
        this.ratios = new double[STEPS * ratioCells];
        this.others = new double[Math.max(1, STEPS * otherCells)];
        LinkedHashSet<Integer> joint = new LinkedHashSet<>();
        for (int use : target.axes) {
            joint.add(use);
        }
        if (other != null) {
            for (int use : other.axes) {
                joint.add(use);
            }
        }
        int[] uses = joint.stream().mapToInt(Integer::intValue).toArray();
        int n = uses.length + 1;
        int[] sizes = new int[n];
        int[] strideRatio = new int[n];
        int[] strideOther = other == null ? null : new int[n];
        int[] strideTarget = new int[n];
        sizes[0] = STEPS;
        strideRatio[0] = ratioCells;
        if (strideOther != null) {
            strideOther[0] = otherCells;
        }
        SlotShape packed = other == null ? null : SlotShape.contiguous(other.axes, other.sizes);
        for (int k = 1; k < n; k++) {
            int use = uses[k - 1];
            sizes[k] = useSizes[use];
            strideRatio[k] = out.strideOf(use);
            if (strideOther != null) {
                strideOther[k] = packed.strideOf(use);
            }
            strideTarget[k] = target.strideOf(use);
        }
        this.contraction = StridedContraction.compile(sizes, strideRatio, strideOther, strideTarget);
    }

    /** Adds one step's pull: the ratio and the other operand are copied; the target must be the same until flushed. */
    void add(double[] ratio, double @Nullable [] otherValues, int otherOffset, double[] into, int intoOffset) {
        if (count == 0) {
            target = into;
            targetOffset = intoOffset;
        }
        System.arraycopy(ratio, 0, ratios, count * ratioCells, ratioCells);
        if (other != null) {
            pack(otherValues, otherOffset, count * otherCells);
        }
        if (++count == STEPS) {
            flush();
        }
    }

    /** Copies the other operand's cells, in row-major order of its axes. */
    private void pack(double[] values, int offset, int at) {
        if (other.rowMajor) {
            System.arraycopy(values, offset, others, at, otherCells);
            return;
        }
        int[] sizes = other.sizes;
        int[] strides = other.strides;
        for (int cell = 0; cell < otherCells; cell++) {
            int rest = cell;
            int from = offset;
            for (int k = sizes.length - 1; k >= 0; k--) {
                from += (rest % sizes[k]) * strides[k];
                rest /= sizes[k];
            }
            others[at + cell] = values[from];
        }
    }

    /** Adds the gathered steps into the target (unused step slots hold zeros). */
    void flush() {
        if (count == 0) {
            return;
        }
        Arrays.fill(ratios, count * ratioCells, ratios.length, 0.0);
        Arrays.fill(others, count * otherCells, others.length, 0.0);
        contraction.sumProduct(ratios, 0, others, 0, target, targetOffset);
        count = 0;
    }
}
