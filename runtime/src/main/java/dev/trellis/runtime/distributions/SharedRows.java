package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A distribution's parameter given as rows of a shared tensor: {@code source.index(0, rows).reshape(shape)}, without
 * the copy. A network that computes the parameters of every assignment of an enumerated variable at once (hmm.py's
 * nnHMM: the logits of all 16 hidden states for a block's distinct rows of notes, one matrix product) hands each
 * assignment its rows this way; batched evidence then scores the shared tensor's rows directly, each distinct row
 * once, and differentiates into it (see {@code BernoulliLogitsRows}), where a gather per assignment would copy
 * {@code [rows, width]} values out, give them an adjoint buffer of their own, and copy them again to check and score
 * them. Everything else (sampling, {@code logProb} of other values, printing) reads {@link #tensor()}, the gather on
 * the autodiff tape, made when first asked for.
 *
 * <p>Immutable apart from that cached gather, so thread-safe; the row indices are copied in and never handed out.
 */
public final class SharedRows {

    private final Tensor source;
    private final int[] rows;
    private final int[] shape;
    private final int rowSize;
    private volatile @Nullable Tensor gathered;

    private SharedRows(Tensor source, int[] rows, int[] shape, int rowSize) {
        this.source = source;
        this.rows = rows;
        this.shape = shape;
        this.rowSize = rowSize;
    }

    /**
     * The rows {@code rows} of {@code source} (along its first dimension, repeats allowed), viewed as {@code shape}.
     *
     * @param source a tensor of rank at least 1
     * @param rows positions in {@code [0, source.size(0))}
     * @param shape the shape the selected rows are read as: {@code rows.length} times the size of a row elements
     * @return the parameter
     * @throws IllegalArgumentException naming the position and value of a row out of range, or both shapes if the
     *     elements do not fit {@code shape}
     */
    public static SharedRows of(Tensor source, int[] rows, int... shape) {
        if (source.rank() == 0) {
            throw new IllegalArgumentException("the rows of a scalar: the source must have rank at least 1");
        }
        int available = source.size(0);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= available) {
                throw new IllegalArgumentException("rows[" + r + "] = " + rows[r] + " is outside [0, " + available
                        + "), the rows of a source of shape " + Arrays.toString(source.shape()));
            }
        }
        int rowSize = available == 0 ? 0 : source.numElements() / available;
        long elements = 1;
        for (int extent : shape) {
            if (extent < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative extent");
            }
            elements *= extent;
        }
        if (elements != (long) rows.length * rowSize) {
            throw new IllegalArgumentException(rows.length + " rows of " + rowSize + " elements (a source of shape "
                    + Arrays.toString(source.shape()) + ") do not fill shape " + Arrays.toString(shape));
        }
        return new SharedRows(source, rows.clone(), shape.clone(), rowSize);
    }

    /** {@return the shared tensor the rows are read from (not a copy: its graph receives the gradients)} */
    public Tensor source() {
        return source;
    }

    /** {@return how many rows are selected} */
    public int rowCount() {
        return rows.length;
    }

    /** {@return the source row that selected row {@code r} reads} */
    public int sourceRow(int r) {
        return rows[r];
    }

    /** {@return the elements of one row: the source's elements per position of its first dimension} */
    public int rowSize() {
        return rowSize;
    }

    /** {@return the shape the selected rows are read as} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return whether the shape is {@code shape}} (without copying it) */
    public boolean hasShape(int[] other) {
        return Arrays.equals(shape, other);
    }

    /**
     * {@return the flat index in {@link #tensor()} of the first NaN, or -1} Reads each distinct source row once, in
     * place, in the order the rows first appear: a row seen before held no NaN, so the first row found with one is the
     * first in the gathered order. New rows that follow one another in the source (a network's distinct rows usually
     * do) are read as one range, one long loop instead of one short loop per row.
     */
    int firstNaN() {
        double[] values = source.valuesWithoutCopy();
        long[] seen = new long[(source.size(0) + 63) >>> 6];
        int runStart = 0;   // source rows [runStart, runEnd) not read yet
        int runEnd = 0;
        for (int r = 0; r < rows.length; r++) {
            int row = rows[r];
            if ((seen[row >>> 6] & (1L << row)) != 0) {
                continue;
            }
            seen[row >>> 6] |= 1L << row;
            if (row != runEnd || runStart == runEnd) {
                int found = firstNaNIn(values, runStart, runEnd);
                if (found >= 0) {
                    return found;
                }
                runStart = row;
            }
            runEnd = row + 1;
        }
        return firstNaNIn(values, runStart, runEnd);
    }

    /**
     * {@return the gathered index of the first NaN in source rows {@code [from, to)}, each seen once, or -1} A plain
     * scan with an early exit: about a third faster than a {@code min} that propagates NaN through the range (a chain
     * of dependent {@code min}s), and it finds the position itself.
     */
    private int firstNaNIn(double[] values, int from, int to) {
        for (int i = from * rowSize; i < to * rowSize; i++) {
            if (Double.isNaN(values[i])) {
                int row = i / rowSize;   // the rows were first read in this order
                return firstPosition(row) * rowSize + (i - row * rowSize);
            }
        }
        return -1;
    }

    /** {@return the first selected position that reads source row {@code row}} */
    private int firstPosition(int row) {
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == row) {
                return r;
            }
        }
        throw new IllegalStateException("source row " + row + " is not selected");
    }

    /**
     * {@return the selected rows as a tensor of {@link #shape()}}: one gather on the autodiff tape, made on the first
     * call and kept (its gradient flows into the source).
     */
    public Tensor tensor() {
        Tensor t = gathered;
        if (t == null) {
            synchronized (this) {
                t = gathered;
                if (t == null) {
                    Tensor all = source.index(0, rows);
                    t = Arrays.equals(all.shape(), shape) ? all : all.reshape(shape);
                    gathered = t;
                }
            }
        }
        return t;
    }

    /** {@return e.g. {@code rows [3, 3, 7] of a [16, 51] tensor, as [3, 51]}} */
    @Override
    public String toString() {
        return "rows " + Arrays.toString(rows) + " of a " + Arrays.toString(source.shape()) + " tensor, as "
                + Arrays.toString(shape);
    }
}
