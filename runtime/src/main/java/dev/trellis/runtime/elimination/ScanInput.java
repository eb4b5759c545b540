package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the generic scan lays out one input, and the lanes' slices of it.
 *
 * <p>Lanes: the scan runs one chain per assignment of its outer uses (a lane), each with its own message and its own
 * normalisers, because different outer values may explain a sequence with likelihoods hundreds of nats apart, more
 * than one scaled message could carry. A lane reads every input at its outer values: a view without the outer axes,
 * at {@link #laneOffset}. The input's cells with equal outer values form a slice, exponentiated against its own
 * maximum ({@link #exponentiate}).
 *
 * <p>Layout: a per-step input is read in its table's row layout. A homogeneous input is copied once per call into the
 * scan's internal order of axes (outer ones first, so that a lane's slice is contiguous; see
 * {@code GenericScan.canonicalOrder}); the backward pass maps its adjoint back ({@link #toTable}).
 */
final class ScanInput {

    final Table table;
    final boolean perStep;
    /** The axes in internal order, their sizes and row-major strides. */
    final int[] axes;
    final int[] sizes;
    final int[] strides;
    /** Internal cell -> table cell; null when the orders agree. */
    final int[] toTable;
    final int slices;
    final int[] sliceOfCell;
    final int[] laneOffset;
    final int[] laneSlice;

    ScanInput(Table table, boolean perStep, int[] order, int[] outer, int[] outerSizes, int lanes) {
        this.table = table;
        this.perStep = perStep;
        this.axes = order;
        this.sizes = Arrays.stream(order).map(u -> table.sizes[table.axisOf(u)]).toArray();
        this.strides = SlotShape.contiguous(order, sizes).strides;
        int cells = table.cells;
        if (Arrays.equals(order, table.axes)) {
            this.toTable = null;
        } else {
            this.toTable = new int[cells];
            int[] tableStrides = table.strides();
            int[] index = new int[order.length];
            for (int c = 0; c < cells; c++) {
                decode(c, sizes, index);
                int t = 0;
                for (int m = 0; m < order.length; m++) {
                    t += index[m] * tableStrides[table.axisOf(order[m])];
                }
                toTable[c] = t;
            }
        }
        List<Integer> mine = new ArrayList<>();
        for (int o = 0; o < outer.length; o++) {
            if (ScanPlan.contains(order, outer[o])) {
                mine.add(o);
            }
        }
        int count = 1;
        for (int o : mine) {
            count *= outerSizes[o];
        }
        this.slices = count;
        this.sliceOfCell = new int[cells];
        int[] index = new int[order.length];
        for (int c = 0; c < cells; c++) {
            decode(c, sizes, index);
            int s = 0;
            for (int o : mine) {
                s = s * outerSizes[o] + index[ScanPlan.indexOf(order, outer[o])];
            }
            sliceOfCell[c] = s;
        }
        this.laneOffset = new int[lanes];
        this.laneSlice = new int[lanes];
        int[] values = new int[outer.length];
        for (int lane = 0; lane < lanes; lane++) {
            decode(lane, outerSizes, values);
            int offset = 0;
            int s = 0;
            for (int o : mine) {
                offset += values[o] * strides[ScanPlan.indexOf(order, outer[o])];
                s = s * outerSizes[o] + values[o];
            }
            laneOffset[lane] = offset;
            laneSlice[lane] = s;
        }
    }

    /** The lane view of this input for a program variant: the given axes minus the outer ones. */
    SlotShape view(int[] viewAxes, int[] outer) {
        int[] kept = Arrays.stream(viewAxes).filter(u -> !ScanPlan.contains(outer, u)).toArray();
        int[] keptSizes = new int[kept.length];
        int[] keptStrides = new int[kept.length];
        for (int m = 0; m < kept.length; m++) {
            int axis = ScanPlan.indexOf(axes, kept[m]);
            keptSizes[m] = sizes[axis];
            keptStrides[m] = strides[axis];
        }
        return new SlotShape(kept, keptSizes, keptStrides);
    }

    /** Copies table-layout values into the internal order. */
    double[] toInternal(double[] values, int from) {
        double[] out = new double[table.cells];
        for (int c = 0; c < out.length; c++) {
            out[c] = values[from + (toTable == null ? c : toTable[c])];
        }
        return out;
    }

    /**
     * Exponentiates one row (internal layout) slice by slice: {@code out = exp(raw - max of its slice)}, the maxima's
     * logs into {@code scales} ({@code -inf} for a slice that is all {@code -inf}, whose entries become 0).
     *
     * @param lossy modified: per slice, whether a live entry fell below the precision floor
     * @return whether any slice is lossy
     */
    boolean exponentiate(double[] raw, int rawOff, double[] out, int outOff, double[] scales, int scaleOff,
                         boolean[] lossy) {
        int cells = table.cells;
        Arrays.fill(scales, scaleOff, scaleOff + slices, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < cells; c++) {
            int s = scaleOff + sliceOfCell[c];
            double v = raw[rawOff + c];
            if (v > scales[s]) {
                scales[s] = v;
            }
        }
        Arrays.fill(lossy, 0, slices, false);
        boolean any = false;
        for (int c = 0; c < cells; c++) {
            double max = scales[scaleOff + sliceOfCell[c]];
            double v = raw[rawOff + c];
            double w = max == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(v - max);
            out[outOff + c] = w;
            if (w < PairwiseProgram.PRECISION_FLOOR && v > Double.NEGATIVE_INFINITY) {
                lossy[sliceOfCell[c]] = true;
                any = true;
            }
        }
        return any;
    }

    private static void decode(int cell, int[] sizes, int[] index) {
        int rest = cell;
        for (int m = sizes.length - 1; m >= 0; m--) {
            index[m] = rest % sizes[m];
            rest /= sizes[m];
        }
    }
}
