package dev.trellis.runtime.elimination;

import org.jspecify.annotations.Nullable;

/**
 * One table an elimination recorded: log values over some uses (its axes), with or without an instance axis.
 *
 * <p>Layout: row-major, the instance axis (when {@link #batched}) outermost, then the axes in order. A table
 * <em>belongs</em> to a plate ({@link #plate}) when it was made there (evidence, a contraction, a product into it,
 * a scan's output); it can then only be consumed at that plate, and its adjoint has one row per instance of the
 * plate even when its values do not (a contraction of homogeneous inputs), so that per-instance posteriors can be
 * read off it. Tables given by {@link Elimination#table} belong to no plate ({@link Layout#ROOT}) and broadcast
 * everywhere.
 */
final class Table {

    final int id;
    /** The site or step that made the table, for messages. */
    final String name;
    final int plate;
    final boolean batched;
    final int[] axes;
    final int[] sizes;
    final int cells;
    /** Rows of values: {@code count(plate)} when batched, otherwise 1. */
    final int rows;
    /** Rows of the adjoint: {@code count(plate)} for a table of a plate, 1 for one of the root. */
    final int adjointRows;
    /** Log values, {@code rows x cells}; null while lazy evidence has not been filled. */
    double @Nullable [] values;
    /** The evidence behind the values, or null. */
    final @Nullable Evidence evidence;
    /**
     * Whether the caller gave the values ({@code table}, {@code evidence}) rather than a step making them: such a
     * table's adjoint is only an answer, which no earlier step reads.
     */
    final boolean given;
    /** d log Z / d value, {@code adjointRows x cells}; allocated by the backward pass. */
    double @Nullable [] adjoint;

    Table(int id, String name, int plate, boolean batched, int[] axes, int[] sizes, int rows, int adjointRows,
          double @Nullable [] values, @Nullable Evidence evidence, boolean given) {
        this.id = id;
        this.name = name;
        this.plate = plate;
        this.batched = batched;
        this.axes = axes;
        this.sizes = sizes;
        int c = 1;
        for (int size : sizes) {
            c = Math.multiplyExact(c, size);
        }
        this.cells = c;
        this.rows = rows;
        this.adjointRows = adjointRows;
        this.values = values;
        this.evidence = evidence;
        this.given = given;
    }

    /** Where instance i's values start (0 for a table without instance axis). */
    int valueOffset(int instance) {
        return batched ? instance * cells : 0;
    }

    /** Where instance i's adjoint starts (0 for a table of the root). */
    int adjointOffset(int instance) {
        return adjointRows == 1 ? 0 : instance * cells;
    }

    /** The row-major stride of each axis. */
    int[] strides() {
        int[] strides = new int[axes.length];
        int s = 1;
        for (int k = axes.length - 1; k >= 0; k--) {
            strides[k] = s;
            s *= sizes[k];
        }
        return strides;
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

    double[] adjointArray() {
        if (adjoint == null) {
            adjoint = new double[Math.multiplyExact(adjointRows, cells)];
        }
        return adjoint;
    }
}
