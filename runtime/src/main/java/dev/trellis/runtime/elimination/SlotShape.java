package dev.trellis.runtime.elimination;

/**
 * How a program slot lays out its values: its axes (use ids), their sizes, and the stride of each in the array the
 * values live in. A slot may be a view: a table row read with some axes fixed at index 0 (a boundary step) or at an
 * outer variable's value (a lane of a scan), so strides need not be row-major. Immutable.
 */
final class SlotShape {

    final int[] axes;
    final int[] sizes;
    final int[] strides;
    /** The number of cells: the product of the sizes. */
    final int cells;
    /** Whether the strides are row-major in the order of the axes (cell c at offset c). */
    final boolean rowMajor;

    SlotShape(int[] axes, int[] sizes, int[] strides) {
        this.axes = axes;
        this.sizes = sizes;
        this.strides = strides;
        int c = 1;
        for (int k = 0; k < axes.length; k++) {
            c = Math.multiplyExact(c, sizes[k]);
        }
        this.cells = c;
        boolean ordered = true;
        int expected = 1;
        for (int k = axes.length - 1; k >= 0; k--) {
            ordered &= strides[k] == expected || sizes[k] == 1;
            expected *= sizes[k];
        }
        this.rowMajor = ordered;
    }

    /** A row-major slot over the given axes. */
    static SlotShape contiguous(int[] axes, int[] sizes) {
        int[] strides = new int[axes.length];
        int s = 1;
        for (int k = axes.length - 1; k >= 0; k--) {
            strides[k] = s;
            s = Math.multiplyExact(s, sizes[k]);
        }
        return new SlotShape(axes, sizes, strides);
    }

    /** The position of a use among the axes, or -1. */
    int axisOf(int use) {
        for (int k = 0; k < axes.length; k++) {
            if (axes[k] == use) {
                return k;
            }
        }
        return -1;
    }

    /** The stride of a use, 0 when the slot lacks it. */
    int strideOf(int use) {
        int k = axisOf(use);
        return k < 0 ? 0 : strides[k];
    }

    boolean has(int use) {
        return axisOf(use) >= 0;
    }
}
